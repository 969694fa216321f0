/**
 * Bodies this thread loaded during the build, kept for its story pages, up to a budget:
 * story pages read the rest from the packs, in pack order, and more memory bought nothing
 * measurable (bench/RESULTS.md).
 */
const MEMORY_BUDGET = 16 * 1024 * 1024;

/** Bodies this thread loaded during the build: its story pages need no disk read. */
export class BodyMemory {
  private readonly bodies = new Map<string, string>();
  private bytes = 0;
  keep(hash: string, html: string): void {
    if (this.bytes + html.length * 2 > MEMORY_BUDGET) return;
    this.bodies.set(hash, html);
    this.bytes += html.length * 2;
  }
  get(hash: string): string | undefined {
    return this.bodies.get(hash);
  }
  clear(): void {
    this.bodies.clear();
    this.bytes = 0;
  }
}
