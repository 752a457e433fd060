import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { acceptAdapters } from '#adapters/lambda/wiring';
import { deliverAdapters } from '#adapters/lambda/mail-out';
import { reconcile, type ReconcileReport } from '#use-cases/reconcile';

const deps = { ...acceptAdapters(), ...deliverAdapters() };

/** Every minute, on a schedule: drives on or escalates tickets past their deadline. */
export const handler = stepHandler<unknown, ReconcileReport>(async () => {
  const report = await reconcile(deps);
  if (report.examined > 0) logger.info('reconciled overdue tickets', { ...report });
  return report;
});
