/**
 * Messages the 2018-era Dataverse XSDs (SDK Schemas 9.0.0.2090) give for XML that current Dataverse
 * exports and imports. Each entry is an exact message shape, with why it is not a defect. Anything
 * not listed here fails validation. Source: the false errors xmllint reports for real exports
 * (AlAIAgentTelephonyState 9.2.26043, ParseListDataSourceInfo 9.2.24095, ApolloHospitalProject 9.2.26034).
 *
 * `element` entries are "This element is not expected" errors. libxml2 stops checking a content model at
 * the first unexpected child, so the validator strips those elements from a scratch copy and validates
 * again — the siblings after them are still checked.
 */
export interface KnownFalseAlarm {
  /** Matches the whole xmllint message (without the "file:line:" prefix). */
  message: RegExp;
  reason: string;
  /** Set for "element not expected" alarms: the element to strip before re-validating. */
  element?: string;
  /**
   * Elements that come together (an export writes all of them in the same parent): stripped together when
   * one is reported, so the file is validated again once rather than once per element.
   */
  group?: readonly string[];
  /** The element a group is written in (`AppModule`); only there are its members stripped up front. */
  parent?: string;
}

const NEWER_ATTRIBUTE_ELEMENTS = [
  'AutoNumberFormat',
  'IsSearchable',
  'IsFilterable',
  'IsRetrievable',
  'IsLocalizable',
];
const NEWER_ENTITY_ELEMENTS = [
  'IsRetrieveAuditEnabled',
  'IsRetrieveMultipleAuditEnabled',
  'IsMSTeamsIntegrationEnabled',
  'IsSolutionAware',
];
const NEWER_ROOT_SECTIONS = [
  'connectionreferences',
  'EntityImageConfigs',
  'AttributeImageConfigs',
  'CanvasApps',
  'msdyn_dataflows',
];

const APP_MODULE_ELEMENTS = ['OptimizedFor', 'statecode', 'statuscode', 'NavigationType'];
const SITE_MAP_ELEMENTS = ['EnableCollapsibleGroups', 'ShowHome', 'ShowPinned', 'ShowRecents'];

function notExpected(
  element: string,
  reason: string,
  group?: { readonly members: readonly string[]; readonly parent: string },
): KnownFalseAlarm {
  return {
    message: new RegExp(
      `^Schemas validity error : Element '${element}': This element is not expected\\.( Expected is .*)?$`,
    ),
    reason,
    element,
    ...(group ? { group: group.members, parent: group.parent } : {}),
  };
}

function attributeNotAllowed(element: string, attribute: string, reason: string): KnownFalseAlarm {
  return {
    message: new RegExp(
      `^Schemas validity error : Element '${element}', attribute '${attribute}': The attribute '${attribute}' is not allowed\\.$`,
    ),
    reason,
  };
}

export const KNOWN_FALSE_ALARMS: readonly KnownFalseAlarm[] = [
  ...['OrganizationVersion', 'OrganizationSchemaType', 'CRMServerServiceabilityVersion'].map((a) =>
    attributeNotAllowed(
      'ImportExportXml',
      a,
      'root attributes every export since 2019 writes; the 2018 schema predates them',
    ),
  ),
  ...NEWER_ATTRIBUTE_ELEMENTS.map((e) =>
    notExpected(e, 'column property added to exports after 2018 (auto-number, search/filter flags)'),
  ),
  ...NEWER_ENTITY_ELEMENTS.map((e) => notExpected(e, 'table property added to exports after 2018')),
  attributeNotAllowed('option', 'IsHidden', 'choice option flag added after 2018'),
  notExpected(
    'JsonFileName',
    'cloud flows (modern workflows) are stored as JSON files; the schema only knows XAML',
  ),
  notExpected('IsCustomProcessingStepAllowedForOtherPublishers', 'workflow property added after 2018'),
  notExpected('ModernFlowType', 'workflow property added after 2018'),
  notExpected('ProcessTriggerScope', 'workflow property added after 2018'),
  notExpected('CascadeArchive', 'relationship cascade added with long-term data retention (2023)'),
  notExpected('IsAutoAssigned', 'security role property added after 2018'),
  notExpected('CanReadUnmasked', 'field security permission added with masking rules (2024)'),
  ...NEWER_ROOT_SECTIONS.map((e) => notExpected(e, 'solution section added after 2018')),
  // Real export ApolloHospitalProject 1.0.0.4 (9.2.26034.167) writes these in every <AppModule> and
  // <AppModuleSiteMap>; the 2018 schema predates them. Stripped, the rest follows the schema's order.
  ...APP_MODULE_ELEMENTS.map((e) =>
    notExpected(e, 'model-driven app property written by exports since 2019', {
      members: APP_MODULE_ELEMENTS,
      parent: 'AppModule',
    }),
  ),
  ...SITE_MAP_ELEMENTS.map((e) =>
    notExpected(e, 'app site map navigation option written by exports since 2019', {
      members: SITE_MAP_ELEMENTS,
      parent: 'AppModuleSiteMap',
    }),
  ),
  attributeNotAllowed('form', 'headerdensity', 'form header layout attribute added with Unified Interface'),
  ...[
    'form',
    'tab',
    'column',
    'section',
    'cell',
    'label',
    'control',
    'header',
    'footer',
    'DisplayConditions',
    'Everyone',
    'Role',
    'controlDescription',
    'event',
    'Handlers',
    'formLibraries',
  ].map((e) =>
    attributeNotAllowed(
      e,
      'solutionaction',
      'form diffs on Microsoft-managed forms mark each change with solutionaction (Microsoft Learn: power-platform/alm/form-alm)',
    ),
  ),
  ...['tab', 'section', 'cell', 'Handler'].map((e) =>
    attributeNotAllowed(e, 'ordinalvalue', 'form diffs carry the position of each added element'),
  ),
  attributeNotAllowed('column', 'id', 'current form designer writes an id on every column'),
  {
    message:
      /^Schemas validity error : Element 'customControl': The attribute 'id' is required but missing\.$/,
    reason: 'current exports omit the id of default-configuration custom controls',
  },
  {
    message:
      /^Schemas validity error : Element '(tab|section)', attribute 'id': \[facet 'pattern'\] The value '[0-9a-fA-F-]{36}' is not accepted by the pattern '.*'\.$/,
    reason: 'current exports write tab and section ids without braces',
  },
];

export function findKnownFalseAlarm(message: string): KnownFalseAlarm | undefined {
  return KNOWN_FALSE_ALARMS.find((alarm) => alarm.message.test(message));
}
