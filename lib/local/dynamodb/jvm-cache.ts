import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** DynamoDB Local's jars prepared once for a quick start, and the class-data archive its JVM maps. */

const LAUNCHER = path.join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

/** The DynamoDB Local jar shipped inside the amplify-dynamodb-simulator package. */
export function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

const LIBRARIES = 'DynamoDBLocal_lib/*';
const CLASSPATH = `DynamoDBLocal.jar${path.delimiter}${LIBRARIES}`;

/** The java that a spawn of `java` runs, resolved, so the cache knows when the JVM changed. */
function javaIdentity(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'java');
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    return `${real}:${statSync(real).mtimeMs}`;
  }
  return 'java';
}

const run = (command: string, args: string[], cwd: string) =>
  spawnSync(command, args, { cwd, encoding: 'utf8' }).status === 0;

/** A manifest attribute as `jar` reads one: lines of at most 72 bytes, each continuation after a space. */
const manifestLines = (attribute: string) => {
  const lines = [attribute.slice(0, 70)];
  for (let i = 70; i < attribute.length; i += 69) lines.push(` ${attribute.slice(i, i + 69)}`);
  return lines.join('\n');
};

/**
 * Builds, once per launcher source, jar and JVM, what a start needs in node_modules/.cache:
 * the launcher compiled (so a start does not pay the source launcher's compile) and packed
 * in a jar, and DynamoDB Local's jar repacked without its manifest's class path, which names
 * the jar's own folder: the JVM archives classes only from jars. Null where javac or jar is
 * missing or failed, which is remembered, so later starts do not try again.
 */
export function prepared(jarDir: string, cacheRoot: string): string | null {
  const jar = statSync(path.join(jarDir, 'DynamoDBLocal.jar'));
  const key = createHash('sha256')
    .update(readFileSync(LAUNCHER))
    .update(`${jar.size}:${jar.mtimeMs}:${javaIdentity()}`)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheRoot, key);
  const failedMark = `${dir}.failed`;
  if (existsSync(path.join(dir, 'DynamoDBLocal.jar'))) return dir;
  if (existsSync(failedMark)) return null;
  mkdirSync(cacheRoot, { recursive: true });
  const building = mkdtempSync(path.join(cacheRoot, 'build-'));
  const unpacked = path.join(building, 'unpacked');
  mkdirSync(unpacked);
  const built =
    run('javac', ['-nowarn', '-cp', CLASSPATH, '-d', path.join(building, 'classes'), LAUNCHER], jarDir) &&
    run('jar', ['cf', path.join(building, 'launcher.jar'), '-C', path.join(building, 'classes'), '.'], jarDir) &&
    run('jar', ['xf', path.join(jarDir, 'DynamoDBLocal.jar')], unpacked);
  if (built) {
    const manifestFile = path.join(unpacked, 'META-INF', 'MANIFEST.MF');
    // The main attributes, each joined from its continuation lines, less Class-Path.
    const attributes =
      readFileSync(manifestFile, 'utf8')
        .split(/\r?\n\r?\n/)[0]
        ?.replace(/\r?\n /g, '')
        .split(/\r?\n/) ?? [];
    writeFileSync(
      path.join(building, 'manifest.txt'),
      `${attributes
        .filter((a) => a && !a.startsWith('Class-Path:'))
        .map(manifestLines)
        .join('\n')}\n`,
    );
    rmSync(manifestFile);
  }
  const packed =
    built &&
    run(
      'jar',
      ['cfm', path.join(building, 'DynamoDBLocal.jar'), path.join(building, 'manifest.txt'), '-C', unpacked, '.'],
      jarDir,
    );
  rmSync(unpacked, { recursive: true, force: true });
  if (!packed) {
    rmSync(building, { recursive: true, force: true });
    writeFileSync(failedMark, 'javac or jar failed; remove this file to try again\n');
    return null;
  }
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another start built it first
  }
  return dir;
}

/** Exit codes of a JVM that ended itself: its input closed (0), or SIGTERM or SIGINT, which it handles. */
const EXITED_BY_ITSELF = new Set([0, 130, 143]);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Tells this process's locks from a dead one's that had the same pid (as in a container). */
const PROCESS_TOKEN = randomUUID();

interface ArchiveLock {
  pid: number;
  token: string;
  /** The archive its holder's JVM is writing. */
  writing: string;
}

/**
 * Takes the right to write the class archive: one start at a time. A holder that is gone
 * (its process dead, or its pid now another process's) loses the right, and its part-written
 * archive is removed.
 */
function takeArchiveLock(lockFile: string, writing: string): boolean {
  const mine: ArchiveLock = { pid: process.pid, token: PROCESS_TOKEN, writing };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify(mine), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      let holder: Partial<ArchiveLock> = {};
      try {
        holder = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<ArchiveLock>;
      } catch {
        // unreadable: a lock of an older layout, or cut short; it lapses like a dead holder's
      }
      const held =
        holder.pid !== undefined && alive(holder.pid) && (holder.pid !== process.pid || holder.token === PROCESS_TOKEN);
      if (held) return false;
      if (holder.writing) rmSync(holder.writing, { force: true });
      rmSync(lockFile, { force: true });
    }
  }
  return false;
}

/** The archive the JVM wrote, made durable, then put in place in one rename. */
function promote(writing: string, archive: string): void {
  const fd = openSync(writing, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(writing, archive);
}

export interface Launch {
  args: string[];
  /** The archive this JVM maps, if it maps one. */
  archive?: string;
  /** Called once the JVM has exited, with how it exited. */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * How to start the JVM: from the prepared jars with an application class-data archive, so the
 * JVM loads its classes mapped rather than parsed (the bench times the start). The first start
 * without one writes it as its JVM exits, once. The JVM ignores an archive that no longer fits
 * the class path; one it cannot map at all is removed by the start.
 */
export function launch(jarDir: string, cacheRoot: string, archiveAllowed: boolean): Launch {
  const dir = prepared(jarDir, cacheRoot);
  const none = () => undefined;
  if (!dir) return { args: ['-cp', CLASSPATH, LAUNCHER], exited: none };
  const classpath = [
    '-cp',
    [path.join(dir, 'launcher.jar'), path.join(dir, 'DynamoDBLocal.jar'), LIBRARIES].join(path.delimiter),
    'LoopbackDynamoDbLocal',
  ];
  if (!archiveAllowed) return { args: classpath, exited: none };
  // Quiet about the archive, and harmless on a JVM without these options.
  const quiet = [
    '-XX:+IgnoreUnrecognizedVMOptions',
    '-Xlog:cds*=off',
    `-XX:ErrorFile=${path.join(tmpdir(), 'code97-dynamodb-local-crash-%p.log')}`,
  ];
  const archive = path.join(dir, 'classes.jsa');
  if (existsSync(archive))
    return { args: [...quiet, `-XX:SharedArchiveFile=${archive}`, ...classpath], archive, exited: none };
  const lockFile = `${archive}.lock`;
  const writing = path.join(dir, `classes-${process.pid}-${PROCESS_TOKEN.slice(0, 8)}-${randomUUID().slice(0, 8)}.jsa`);
  if (!takeArchiveLock(lockFile, writing)) return { args: classpath, exited: none };
  return {
    args: [...quiet, `-XX:ArchiveClassesAtExit=${writing}`, ...classpath],
    exited: (code, signal) => {
      // The JVM writes the archive as it exits by itself (a signal it handles included); killed, it leaves a part.
      if (signal === null && EXITED_BY_ITSELF.has(code ?? -1) && existsSync(writing)) promote(writing, archive);
      else rmSync(writing, { force: true });
      rmSync(lockFile, { force: true });
    },
  };
}
