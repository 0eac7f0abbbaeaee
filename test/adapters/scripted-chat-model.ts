import { FakeChatModel } from '@langchain/core/utils/testing';
import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { BindToolsInput } from '@langchain/core/language_models/chat_models';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';

/**
 * LangChain's FakeChatModel, made to call tools: each turn's reply comes from a script reading
 * the conversation, and bindTools converts the tools as the OpenAI integration does
 * (convertToOpenAITool), keeping what the model was offered for the test to read.
 */
export class ScriptedToolChatModel extends FakeChatModel {
  /** What bindTools was given, in the OpenAI function-tool form. */
  offered: ReturnType<typeof convertToOpenAITool>[] = [];
  /** The conversation of each turn, as the model received it. */
  turns: BaseMessage[][] = [];

  constructor(private readonly script: (messages: BaseMessage[]) => AIMessage) {
    super({});
  }

  override bindTools(tools: BindToolsInput[]) {
    this.offered = tools.map((t) => convertToOpenAITool(t));
    return this.withConfig({});
  }

  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.turns.push([...messages]);
    const message = this.script(messages);
    return { generations: [{ message, text: message.text }] };
  }
}
