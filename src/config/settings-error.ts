/** A problem with where settings come from or what they point at; the CLI prints it and exits 2. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}
