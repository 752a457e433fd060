import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Facts about the project that the local stack needs without loading aws-cdk-lib (slow to
 * import): where it is, and the metadata key naming each function's handler.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** CloudFormation metadata key naming a function's handler module, read by the local stack. */
export const ENTRY_METADATA_KEY = 'code97:entry';
/** The metadata key naming each function by its construct ID (`SendReply`), whatever path it sits under. */
export const NAME_METADATA_KEY = 'code97:function';

/** The CloudWatch namespace of the metrics the stack derives from its functions' log lines. */
export const METRIC_NAMESPACE = 'Code97Triage';

/** Where the local stack forwards mail that is not about code 97: its mail-out page shows it. */
export const LOCAL_FORWARD_TO = 'normal-support@acquirer.example';

/**
 * Where the local stack keeps what it builds once (the synthesized templates, DynamoDB Local's
 * prepared jars): node_modules/.cache, or CODE97_CACHE_DIR (the bench times a first start there).
 */
export const localCacheRoot = () => process.env.CODE97_CACHE_DIR || path.join(PROJECT_ROOT, 'node_modules', '.cache');
