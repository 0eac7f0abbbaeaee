/** A valid input of one built-in tool and the calls (`METHOD /path`, in order) it makes on its provider's fake. */
export interface ToolSample {
  input: Record<string, unknown>;
  calls: string[];
}
