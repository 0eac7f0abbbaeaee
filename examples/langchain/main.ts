import { scalekitFromEnv, userFromEnv } from '../shared/env.js';
import { summarizeUnreadEmails } from './agent.js';

// The chat model integration is the app's choice, not a dependency of this repository: `npm i @langchain/anthropic`.
const integrationPackage: string = '@langchain/anthropic';
const { ChatAnthropic } = await import(integrationPackage);

const { text, messages } = await summarizeUnreadEmails({ scalekit: scalekitFromEnv(), ...userFromEnv(), model: new ChatAnthropic({ model: process.env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-6' }) });
console.error(`${messages.filter((m) => m.type === 'tool').length} tool result(s)`);
console.log(text);
