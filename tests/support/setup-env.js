// Tests never inherit a developer's real configuration.
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
process.env.TZ = 'UTC';
