// Types for build.mjs, so TypeScript tests can read its steps.
export const ROOT: string;
export interface BuildStep {
  name: string;
  script?: string;
  run?: () => void;
  optional?: boolean;
  /** Paths under the project root the step must leave behind. */
  outputs: string[];
}
export const STEPS: BuildStep[];
export function buildAll(options?: { log?: (line: string) => void }): void;
