import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#lib/app';

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing that is not fixed or acknowledged with a reason', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'code97-nag-'));
    const { app } = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).not.toThrow();
  });
});
