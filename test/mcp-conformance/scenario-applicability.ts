import { stringify } from 'yaml';

/**
 * How each server scenario of @modelcontextprotocol/conformance 0.1.16 (active suite) relates to
 * Latchkey's MCP endpoints, which serve tools only: scenarios for a capability Latchkey does not
 * declare, or that call a fixture tool of the suite's own "everything" reference server, cannot
 * pass on a real server and are not applicable. The test checks each reason still holds, so a
 * scenario becomes applicable (and must pass) the day the reason goes away.
 */
export type NotApplicable =
  /** A method of a capability absent from Latchkey's initialize result; the server answers -32601 (Method not found). */
  | { capability: 'logging' | 'completions' | 'resources' | 'prompts' }
  /** A tool only the conformance suite's reference server has; Latchkey lists its connections' tools. */
  | { fixtureTool: string };

/** Scenarios whose every check must pass. */
export const APPLICABLE = ['server-initialize', 'ping', 'tools-list', 'server-sse-multiple-streams', 'dns-rebinding-protection'] as const;

export const NOT_APPLICABLE: Record<string, NotApplicable> = {
  'logging-set-level': { capability: 'logging' },
  // Sets the log level before it calls test_tool_with_logging.
  'tools-call-with-logging': { capability: 'logging' },
  'completion-complete': { capability: 'completions' },
  'resources-list': { capability: 'resources' },
  'resources-read-text': { capability: 'resources' },
  'resources-read-binary': { capability: 'resources' },
  'resources-templates-read': { capability: 'resources' },
  'resources-subscribe': { capability: 'resources' },
  'resources-unsubscribe': { capability: 'resources' },
  'prompts-list': { capability: 'prompts' },
  'prompts-get-simple': { capability: 'prompts' },
  'prompts-get-with-args': { capability: 'prompts' },
  'prompts-get-embedded-resource': { capability: 'prompts' },
  'prompts-get-with-image': { capability: 'prompts' },
  'tools-call-simple-text': { fixtureTool: 'test_simple_text' },
  'tools-call-image': { fixtureTool: 'test_image_content' },
  'tools-call-audio': { fixtureTool: 'test_audio_content' },
  'tools-call-embedded-resource': { fixtureTool: 'test_embedded_resource' },
  'tools-call-mixed-content': { fixtureTool: 'test_multiple_content_types' },
  'tools-call-error': { fixtureTool: 'test_error_handling' },
  'tools-call-with-progress': { fixtureTool: 'test_tool_with_progress' },
  'tools-call-sampling': { fixtureTool: 'test_sampling' },
  'tools-call-elicitation': { fixtureTool: 'test_elicitation' },
  'elicitation-sep1034-defaults': { fixtureTool: 'test_elicitation_sep1034_defaults' },
  'elicitation-sep1330-enums': { fixtureTool: 'test_elicitation_sep1330_enums' },
};

/** The CLI's --expected-failures baseline: it exits 0 only if these fail and everything else passes (and 1 if one of these starts passing). */
export function expectedFailuresYaml(): string {
  return stringify({ server: Object.keys(NOT_APPLICABLE) });
}
