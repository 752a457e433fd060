/** Where a Map Run's own results are kept, in the exports bucket, while its report is made from them. */
export const RESULTS_PREFIX = 'results/';
/** Where each cloud load's or diff's report is written: `<prefix><loadId>.json`. */
export const REPORTS_PREFIX = 'reports/';
