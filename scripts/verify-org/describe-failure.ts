import { DataverseError } from '../../webhook-receiver/src/dataverse/dataverse-error';

/** Dataverse's status, code and message when it refused; otherwise what went wrong. */
export function describeFailure(error: unknown): string {
  if (error instanceof DataverseError) return error.describe();
  const fields = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof fields.status === 'number')
    return `Dataverse ${fields.status}${typeof fields.code === 'string' ? ` ${fields.code}` : ''}: ${String(fields.message)}`;
  return error instanceof Error ? error.message : String(error);
}
