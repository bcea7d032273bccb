import { loadConfig, publicBaseUrl, webhookUrls, withDemoToken } from '../webhook-receiver/src/config';
import { ConfigError } from '../webhook-receiver/src/errors';

/**
 * `npm run webhook-urls`: the three webhook URLs with the token, for Ringostat → Integration → Webhooks
 * 2.0. The receiver's start-up output hides the token outside demo mode (docs/adr/0085); this prints it
 * once, on request, from the same environment the receiver runs with (PUBLIC_URL, or HOST and PORT).
 */
export function webhookUrlLines(env: Record<string, string | undefined>): string[] {
  let config = loadConfig(env);
  if (config.demo) config = withDemoToken(config);
  const urls = webhookUrls(publicBaseUrl(config), config.webhookToken ?? '');
  return [
    'Webhook URLs for Ringostat → Integration → Webhooks 2.0 (method GET or POST; see docs/webhook-parameters.md).',
    'They carry the webhook token: paste them into Ringostat and nowhere else.',
    `  Incoming call, before call:  ${urls['before-call']}`,
    `  Incoming call, after call:   ${urls['after-call']}`,
    `  Outgoing call, after call:   ${urls['after-outgoing-call']}`,
    ...(config.publicUrl
      ? []
      : ['(Set PUBLIC_URL to the address Ringostat reaches, e.g. https://calls.example.com.)']),
  ];
}

if (require.main === module) {
  try {
    console.log(webhookUrlLines(process.env).join('\n'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
