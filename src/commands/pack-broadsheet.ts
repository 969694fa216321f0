import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compiled, packageRoot } from '../util/package-root.ts';

/** The running Broadsheet packed, waiting to be placed in a project. */
export interface Packed {
  /** What the project's package.json installs it from. */
  readonly spec: string;
  /** Where it goes, relative to the project. */
  readonly file: string;
  /** The tarball, in a temporary folder of its own. */
  readonly tarball: string;
}

/**
 * `init --broadsheet pack`: the running checkout packed (`npm pack`) for a project at
 * `dir`, to live in its vendor/ folder, or the problem that prevents it. Nothing is written
 * to the project yet: init checks everything first, then places the tarball (`placePack`).
 *
 * The package is packed as it is (`--ignore-scripts`): its compiled lib/ is current, since
 * the CLI runs from it, so packing never rewrites the checkout another process may be
 * running from.
 */
export async function packBroadsheet(dir: string): Promise<Packed | string> {
  if (!compiled)
    return `this Broadsheet runs from src/ (lib/ is missing, or older than src/ or package-lock.json): run "npm run prepare" in ${packageRoot}, then init again`;
  if (existsSync(path.join(dir, 'package.json')))
    return `${path.join(dir, 'package.json')} exists, and --broadsheet pack sets Broadsheet in the package.json it writes: start in a new folder, or pack with "npm pack" and add the tarball yourself`;
  const temp = await mkdtemp(path.join(tmpdir(), 'broadsheet-pack-'));
  try {
    // npm is a .cmd script on Windows, which only a shell runs, and the shell splits a
    // path with spaces unless it is quoted.
    const windows = process.platform === 'win32';
    const { stdout } = await promisify(execFile)(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', windows ? `"${temp}"` : temp],
      { cwd: packageRoot, shell: windows },
    );
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const file = path.join('vendor', filename);
    if (existsSync(path.join(dir, file))) {
      await rm(temp, { recursive: true, force: true });
      return `${path.join(dir, file)} exists already`;
    }
    return { spec: `file:vendor/${filename}`, file, tarball: path.join(temp, filename) };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    const e = error as { code?: unknown; stderr?: string; message: string };
    if (e.code === 'ENOENT') return 'npm, which packs Broadsheet, is not on the PATH';
    return `npm pack failed in ${packageRoot}: ${(e.stderr || e.message).trim().split('\n').slice(-1)[0]}`;
  }
}

/** Put the packed tarball in the project, never over a file (`COPYFILE_EXCL`). */
export async function placePack(dir: string, packed: Packed): Promise<void> {
  const target = path.join(dir, packed.file);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(packed.tarball, target, constants.COPYFILE_EXCL);
  } finally {
    await rm(path.dirname(packed.tarball), { recursive: true, force: true });
  }
}
