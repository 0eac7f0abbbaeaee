import { scalekitFromEnv, userFromEnv } from '../shared/env.js';
import { summarizeUnreadEmails } from './agent.js';

// The model provider is the app's choice, not a dependency of this repository: `npm i @ai-sdk/anthropic`.
const providerPackage: string = '@ai-sdk/anthropic';
const { anthropic } = await import(providerPackage);

const result = await summarizeUnreadEmails({ scalekit: scalekitFromEnv(), ...userFromEnv(), model: anthropic(process.env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-6') });
for (const step of result.steps) for (const call of step.toolCalls) console.error(`tool call: ${call.toolName}`);
console.log(result.text);
