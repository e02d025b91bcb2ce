import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';
import { dropTestData } from './support/cleanup';

const CHROMIUM = '/usr/bin/chromium';

describe('Swagger UI in a real browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: run scripts/setup.sh --with-browser`);
    app = await startTestApp(testConfig());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (app) await dropTestData(app.config);
  });

  it('lists the API operations at /docs', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/docs`);
    const operations = page.locator('.opblock-summary-path');
    await operations.first().waitFor({ timeout: 15_000 });
    const paths = await operations.allInnerTexts();
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining(['/health', '/health/ready']),
    );
    expect(await page.title()).toMatch(/Swagger/i);
  });
});
