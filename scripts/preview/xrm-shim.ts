/**
 * A small `Xrm` for previewing the web resources outside the CRM (browser code, bundled by the preview
 * server). Xrm.WebApi goes over HTTP to a Dataverse Web API (the emulator in demo mode) with a bearer
 * token; Xrm.Navigation only records what the page asked for and opens preview pages where one exists.
 * It implements the part of the client API the pages use, nothing more.
 */
export interface PreviewConfig {
  readonly dataverseUrl: string;
  readonly token: string;
  readonly languageId: number;
  readonly userId: string;
  readonly userName: string;
  /** What userSettings.getTimeZoneOffsetMinutes() answers: the CRM user's zone, not the browser's. */
  readonly timeZoneOffsetMinutes: number;
}

export interface NavigationCall {
  readonly method: 'openForm' | 'navigateTo' | 'openUrl';
  readonly args: unknown;
}

type PreviewWindow = Window & {
  __ringoPreview: PreviewConfig;
  __ringoNavigation: NavigationCall[];
};

const win = window as unknown as PreviewWindow;
const config = win.__ringoPreview;
const api = `${config.dataverseUrl.replace(/\/+$/, '')}/api/data/v9.2/`;
const ENTITY_SETS: Record<string, string> = {};
const entitySet = (logicalName: string): string => ENTITY_SETS[logicalName] ?? `${logicalName}s`;
const LCIDS: Record<string, number> = { uk: 1058, en: 1033, ru: 1049 };
const languageId = LCIDS[new URLSearchParams(win.location.search).get('lang') ?? ''] ?? config.languageId;

/**
 * userSettings.dateFormattingInfo as the CRM fills it for each user language (the .NET culture's short
 * patterns: uk-UA, en-US, ru-RU); a user who changed their format would get theirs.
 */
const DATE_FORMATS: Record<number, Partial<Xrm.DateFormattingInfo>> = {
  1058: { ShortDatePattern: 'dd.MM.yyyy', ShortTimePattern: 'HH:mm', DateSeparator: '.', TimeSeparator: ':' },
  1049: { ShortDatePattern: 'dd.MM.yyyy', ShortTimePattern: 'H:mm', DateSeparator: '.', TimeSeparator: ':' },
  1033: {
    ShortDatePattern: 'M/d/yyyy',
    ShortTimePattern: 'h:mm tt',
    DateSeparator: '/',
    TimeSeparator: ':',
    AmDesignator: 'AM',
    PmDesignator: 'PM',
  },
};

async function call(method: string, path: string, body?: unknown, prefer: string[] = []): Promise<Response> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${config.token}`,
    Accept: 'application/json',
    'OData-MaxVersion': '4.0',
    'OData-Version': '4.0',
  };
  if (prefer.length > 0) headers['Prefer'] = prefer.join(',');
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(api + path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const text = await response.text();
    let message = `HTTP ${response.status}`;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // keep the status line
    }
    throw Object.assign(new Error(message), { errorCode: response.status });
  }
  return response;
}

const annotations = 'odata.include-annotations="*"';
const query = (options?: string): string =>
  options ? (options.startsWith('?') ? options : `?${options}`) : '';

const WebApi = {
  async retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number) {
    const prefer = [annotations, ...(maxPageSize ? [`odata.maxpagesize=${maxPageSize}`] : [])];
    const body = (await (
      await call('GET', entitySet(entityLogicalName) + query(options), undefined, prefer)
    ).json()) as {
      value: unknown[];
      '@odata.nextLink'?: string;
    };
    return {
      entities: body.value,
      ...(body['@odata.nextLink'] ? { nextLink: body['@odata.nextLink'] } : {}),
    };
  },
  async retrieveRecord(entityLogicalName: string, id: string, options?: string) {
    const path = `${entitySet(entityLogicalName)}(${id.replace(/[{}]/g, '')})${query(options)}`;
    return (await call('GET', path, undefined, [annotations])).json();
  },
  async createRecord(entityLogicalName: string, data: unknown) {
    const response = await call('POST', entitySet(entityLogicalName), data, ['return=representation']);
    const fromHeader = /\(([0-9a-f-]{36})\)\s*$/i.exec(response.headers.get('OData-EntityId') ?? '')?.[1];
    const body = response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
    return { entityType: entityLogicalName, id: fromHeader ?? String(body[`${entityLogicalName}id`] ?? '') };
  },
  async updateRecord(entityLogicalName: string, id: string, data: unknown) {
    await call('PATCH', `${entitySet(entityLogicalName)}(${id.replace(/[{}]/g, '')})`, data, []);
    return { entityType: entityLogicalName, id };
  },
  async deleteRecord(entityLogicalName: string, id: string) {
    await call('DELETE', `${entitySet(entityLogicalName)}(${id.replace(/[{}]/g, '')})`);
    return { entityType: entityLogicalName, id };
  },
};

win.__ringoNavigation = [];
const record = (method: NavigationCall['method'], args: unknown): void => {
  win.__ringoNavigation.push({ method, args });
  console.info(`[preview] Xrm.Navigation.${method}`, JSON.stringify(args));
};

const Navigation = {
  openForm(options: { entityName: string; entityId?: string }) {
    record('openForm', options);
    if (options.entityName === 'phonecall' && options.entityId) {
      win.open(`/preview/form/phonecall?id=${encodeURIComponent(options.entityId)}`, '_blank', 'noopener');
    }
    return Promise.resolve({ savedEntityReference: [] });
  },
  navigateTo(pageInput: { pageType: string; webresourceName?: string; data?: string }) {
    record('navigateTo', pageInput);
    if (pageInput.pageType === 'webresource' && pageInput.webresourceName) {
      const data = pageInput.data ? `?data=${encodeURIComponent(pageInput.data)}` : '';
      win.open(`/webresources/${pageInput.webresourceName}${data}`, '_blank', 'noopener');
    }
    return Promise.resolve();
  },
  openUrl(url: string) {
    record('openUrl', url);
    win.open(url, '_blank', 'noopener');
  },
};

const globalContext = {
  userSettings: {
    languageId,
    userId: `{${config.userId}}`,
    userName: config.userName,
    roles: { get: () => [] },
    dateFormattingInfo: DATE_FORMATS[languageId] ?? DATE_FORMATS[1033],
    getTimeZoneOffsetMinutes: () => config.timeZoneOffsetMinutes,
  },
  getClientUrl: () => config.dataverseUrl,
  getVersion: () => '9.2.0.0',
};

(win as unknown as { Xrm: unknown }).Xrm = {
  WebApi,
  Navigation,
  Utility: { getGlobalContext: () => globalContext },
};
