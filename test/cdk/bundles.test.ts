import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFunction } from '#lib/bench/bundles';
import { NEVER_LOADED_ON_LAMBDA } from '#lib/triage-function';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('function bundles', () => {
  it.each(['functions/handlers/http/intake.ts', 'functions/handlers/steps/send-reply.ts'])(
    'leave out only what the credential chain imports lazily, never at load (%s)',
    async (entry) => {
      const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'code97-bundle-')), 'index.mjs');
      await bundleFunction(entry, outfile);
      const code = readFileSync(outfile, 'utf8');

      for (const name of NEVER_LOADED_ON_LAMBDA) {
        expect(code).not.toMatch(new RegExp(`from\\s*"${escape(name)}"|import\\s*"${escape(name)}"`));
      }
      expect(code).toContain('import("@aws-sdk/credential-provider-sso")');
      expect(code).not.toContain('sourceMappingURL');
    },
  );
});
