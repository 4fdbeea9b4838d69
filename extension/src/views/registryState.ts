// The registry model: the spec's registry read in-process, refreshed with the run status.
import { readRegistry } from '../client/registry-source.ts';
import type { RegistrySnapshot } from '../client/registry-tree.ts';
import type { Session } from '../session.ts';
import { RefreshingModel } from './refreshingModel.ts';

export type RegistryView = { state: 'ready'; snapshot: RegistrySnapshot } | { state: 'none' } | { state: 'problem'; message: string };

export class RegistryState extends RefreshingModel<RegistryView> {
  constructor(private readonly session: Session) {
    super({ state: 'none' });
  }

  protected async compute(): Promise<RegistryView> {
    const spec = await this.session.spec();
    if (!spec) return { state: 'none' };
    try {
      return { state: 'ready', snapshot: await readRegistry(spec.fsPath) };
    } catch (error) {
      const message = `cannot read the model registry: ${(error as Error).message}`;
      this.session.output.appendLine(message);
      return { state: 'problem', message };
    }
  }
}
