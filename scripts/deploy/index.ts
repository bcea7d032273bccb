export { deploySolution, type DeployOptions, type DeployResult } from './deploy-solution';
export { DeployError, DeployFailure, isCustomizationLock, missingDependencies } from './deploy-errors';
export { createWebApi, DataverseHttpError, type FetchLike, type WebApi } from './web-api-client';
export { createTokenProvider, CredentialsError, explainTokenError } from './token-provider';
export { environmentUrl, parseDeployArgs, parseValuesJson, DeployUsageError, USAGE } from './deploy-args';
export { setEnvironmentVariableValues } from './environment-variable-values';
