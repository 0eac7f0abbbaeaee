import OpenAI from 'openai';
import { scalekitFromEnv, userFromEnv } from '../shared/env.js';
import { summarizeUnreadEmails } from './agent.js';

// `new OpenAI()` reads OPENAI_API_KEY (and OPENAI_BASE_URL) from the environment.
const { text } = await summarizeUnreadEmails({ scalekit: scalekitFromEnv(), ...userFromEnv(), openai: new OpenAI(), model: process.env.OPENAI_MODEL });
console.log(text);
