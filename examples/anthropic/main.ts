import Anthropic from '@anthropic-ai/sdk';
import { scalekitFromEnv, userFromEnv } from '../shared/env.js';
import { summarizeUnreadEmails } from './agent.js';

// `new Anthropic()` reads ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL) from the environment.
const { text } = await summarizeUnreadEmails({ scalekit: scalekitFromEnv(), ...userFromEnv(), anthropic: new Anthropic(), model: process.env.ANTHROPIC_MODEL });
console.log(text);
