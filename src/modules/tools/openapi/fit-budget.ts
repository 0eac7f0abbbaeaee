/** Every definition, built-in or imported, fits in 2 KB of JSON: what a model reads per tool. */
export const DEFINITION_BUDGET_BYTES = 2048;

export interface InputLevel {
  toolDesc: number;
  inDesc: number;
  inDepth: number;
}

export interface OutputLevel {
  outDesc: number;
  outDepth: number;
  outProps: number;
}

/**
 * How hard an operation is trimmed, loosest first. The importer tightens the output before the
 * input (a model needs the input's descriptions to call the tool right) and takes the first pair
 * that fits the budget. Input fields are never dropped, only their descriptions and nesting;
 * output fields are, the least useful first (trim-schema.ts `rank`).
 */
export const INPUT_LEVELS: InputLevel[] = [
  { toolDesc: 300, inDesc: 120, inDepth: 4 },
  { toolDesc: 240, inDesc: 80, inDepth: 3 },
  { toolDesc: 200, inDesc: 60, inDepth: 3 },
  { toolDesc: 160, inDesc: 40, inDepth: 2 },
  { toolDesc: 120, inDesc: 0, inDepth: 2 },
  { toolDesc: 100, inDesc: 0, inDepth: 1 },
];

export const OUTPUT_LEVELS: OutputLevel[] = [
  { outDesc: 80, outDepth: 3, outProps: 40 },
  { outDesc: 0, outDepth: 2, outProps: 20 },
  { outDesc: 0, outDepth: 2, outProps: 12 },
  { outDesc: 0, outDepth: 1, outProps: 12 },
  { outDesc: 0, outDepth: 1, outProps: 8 },
  { outDesc: 0, outDepth: 1, outProps: 5 },
];

/** Every (input, output) pair in the order they are tried. */
export function* trimLevels(): Generator<{ input: InputLevel; output: OutputLevel; loosest: boolean }> {
  for (const [i, input] of INPUT_LEVELS.entries()) for (const [o, output] of OUTPUT_LEVELS.entries()) yield { input, output, loosest: i === 0 && o === 0 };
}

export const definitionBytes = (definition: unknown): number => Buffer.byteLength(JSON.stringify(definition));
