import type { Locator, Page } from '@playwright/test';

/**
 * The answer input of a security question, labelled by the question's text (DESIGN §5). Answers
 * are masked, so the input is not a textbox role; the bank's checkbox carries the same label,
 * hence the narrowing to the text input.
 */
export function answerField(page: Page, question: string): Locator {
  return page.getByLabel(question, { exact: true }).and(page.locator('input.text-input'));
}
