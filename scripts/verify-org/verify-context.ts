import type { ChangeTrackingState } from '../../webhook-receiver/src/dataverse/change-tracking-probe';
import type { RequestLimiter } from '../../webhook-receiver/src/dataverse/request-limiter';
import type { GetToken } from '../../webhook-receiver/src/dataverse/token-provider';
import type { WebApiClient } from '../../webhook-receiver/src/dataverse/web-api-client';
import type { KeyMode } from '../../webhook-receiver/src/domain/call-gateway';
import type { CallSettings } from '../../webhook-receiver/src/domain/call-settings';
import type { TestCalls } from './test-calls';

/** What the verify-org steps share: the org's adapters (the receiver's own) and what earlier steps found. */
export interface VerifyContext {
  url: string;
  getToken: GetToken;
  client: WebApiClient;
  limiter: RequestLimiter;
  /** fetch for the plain-fetch adapters (phone directory feed, contact book); the global one by default. */
  fetch?: typeof fetch;
  calls: TestCalls;
  state: {
    applicationUserId?: string;
    keyMode?: KeyMode;
    changeTracking?: ChangeTrackingState;
    settings?: CallSettings;
    deltaLink?: string;
    /** What the run created, for the clean-up. */
    contactIds: string[];
    phonecallIds: string[];
  };
}
