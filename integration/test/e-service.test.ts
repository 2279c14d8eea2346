// The example e-service in a real browser (issues 4 and 7, "Done when"): a citizen opens "Ansök om bygglov",
// logs in through the gateway at the test BankID IdP as Tolvan Tolvansson, fills in the form (once wrongly),
// submits it through the gateway's outbox (202 and a receipt), reads the receipt until it is delivered, follows it
// to the case's status page, lists their cases and logs out of all three. axe checks every e-service page on the
// way. Everything the e-service's server received is recorded and searched for the personnummer in every written
// form: the gateway must never give it away, while the business system gets it.
import { randomBytes } from 'node:crypto';
import { type RunningBusinessSystem, startBusinessSystem } from '@brygga/example-business-system';
import { type RunningEService, startEService } from '@brygga/example-e-service';
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
import { type RunningGateway, startGateway } from '@brygga/gateway/runtime';
import { startTestIdp, type TestIdp } from '@brygga/test-idp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  chromiumRequirement,
  describeWith,
  expectNoAxeViolations,
  freePort,
  gatewayAtTestIdp,
  gatewaySecrets,
  launchChromium,
  logInAsTolvan,
  loginGatewayConfigText,
  loginGatewayEnv,
  makeTempDir,
  type TempDir,
} from '../src/index.ts';

const tolvan = '191212121212';
// Every way the number can be written: 12 or 10 digits, with or without the separator (- or + after 100).
const personnummerForms = /(?:19)?121212[-+]?1212/;
const clientId = 'bygglov-ansokan';
const eServiceSecret = randomBytes(32).toString('base64url');
const idpSecret = 'gateway-secret-at-the-test-idp';
const apiKey = gatewaySecrets.BRYGGA_ARENDE_API_KEY;

/** One exchange between the e-service's server and the gateway, as the e-service saw it. */
interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestBody: string;
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** The payload and header of every JWT in a text, decoded: a number inside a token is still received. */
function decodedTokens(text: string): string[] {
  const tokens = text.match(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g) ?? [];
  return tokens.flatMap((token) =>
    token
      .split('.')
      .slice(0, 2)
      .map((part) => Buffer.from(part, 'base64url').toString('utf8')),
  );
}

describeWith(
  chromiumRequirement,
  'the example e-service in a real browser, from login to status to logout',
  () => {
    let dir: TempDir;
    let idp: TestIdp;
    let business: RunningBusinessSystem;
    let gateway: RunningGateway;
    let eService: RunningEService;
    let browser: Browser | undefined;
    const exchanges: Exchange[] = [];
    const gatewayLog: string[] = [];
    const eServiceLog: string[] = [];

    /** The e-service's transport to the gateway, recording everything that comes back (and what went out). */
    const recordingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const requestBody = request.body === null ? '' : await request.clone().text();
      const response = await fetch(request);
      exchanges.push({
        method: request.method,
        url: request.url,
        requestBody,
        status: response.status,
        headers: JSON.stringify([...response.headers]),
        body: await response.clone().text(),
      });
      return response;
    };

    beforeAll(async () => {
      // The gateway loads its adapter from the deployment folder, the working directory (the repo root here).
      dir = makeTempDir('brygga-e-service');
      const [gatewayPort, eServicePort] = [await freePort(), await freePort()];
      const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
      const eServiceUrl = `http://127.0.0.1:${eServicePort}`;
      idp = await startTestIdp({
        clients: [gatewayAtTestIdp(gatewayUrl, idpSecret, { backchannelLogout: true })],
      });
      business = await startBusinessSystem({ port: 0, dbPath: ':memory:', apiKey, log: () => {} });
      const configFile = dir.write(
        'brygga.config.yaml',
        loginGatewayConfigText({
          gatewayPort,
          dir: dir.path,
          providers: [{ id: 'test-bankid', name: 'BankID (test)', issuer: idp.issuer, oidcSweden: true }],
          eService: { url: eServiceUrl, postLogout: true },
          businessUrl: business.url,
          dataCategories: ['personnummer', 'namn', 'kontaktuppgifter', 'fastighetsbeteckning'],
        }),
      );
      const env = loginGatewayEnv({ idp: idpSecret, eService: eServiceSecret });
      gateway = await startGateway(await loadConfig(configFile, { env }), {
        logger: createLogger({
          level: 'info',
          destination: { write: (line: string) => void gatewayLog.push(line) },
        }),
      });
      eService = await startEService({
        port: eServicePort,
        gatewayUrl,
        clientId,
        clientSecret: eServiceSecret,
        contractVersion: '2026-12-01',
        fetch: recordingFetch,
        log: (event, fields) => void eServiceLog.push(JSON.stringify({ event, ...fields })),
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await eService?.close();
      await gateway?.close('test over');
      await business?.close();
      await idp?.close();
      dir?.remove();
    });

    it('walks from login to a submitted case, its status and a logout everywhere, accessibly, without the personnummer', async () => {
      if (!browser) throw new Error('no browser');
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      // What the browser sent the e-service: part of what the e-service received.
      const fromBrowser: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(eService.url))
          fromBrowser.push(`${request.url()}\n${request.postData() ?? ''}`);
      });
      const eServicePages: string[] = [];
      const keepPage = async () => void eServicePages.push(await page.content());

      try {
        // 1. The start page.
        expect((await page.goto(`${eService.url}/`))?.status()).toBe(200);
        expect(await page.locator('h1').textContent()).toMatch(/Ansök om bygglov/);
        await expectNoAxeViolations(page, 'start page');

        // 2. Log in: the gateway sends the browser straight on to the test BankID (the only provider).
        await page.getByRole('link', { name: /Logga in med BankID/ }).click();
        await page.waitForURL(`${idp.url}/interaction/**`);
        await logInAsTolvan(page);
        await page.waitForURL(`${eService.url}/ansokan`);
        await page.getByRole('button', { name: /Logga ut/ }).waitFor();
        await expectNoAxeViolations(page, 'the empty form');
        await keepPage();

        // 3. One invalid submit: the error summary, focused, links each problem to its field.
        await page.locator('#title').fill('Nybyggnad av garage');
        await page.locator('#email').fill('tolvan.example.se');
        await page.getByRole('button', { name: /Skicka ansökan/ }).click();
        expect(await page.title()).toMatch(/^Fel: Ny ansökan/);
        const summary = page.locator('.error-summary');
        expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
        const links = await summary
          .locator('a')
          .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
        expect(links).toEqual([
          '#applicationType-bygglov',
          '#description',
          '#propertyDesignation',
          '#familyName',
          '#email',
        ]);
        expect(await page.locator('#title').inputValue()).toBe('Nybyggnad av garage');
        await expectNoAxeViolations(page, 'the form with errors');
        await keepPage();
        await summary.getByRole('link', { name: /fastighetsbeteckningen/ }).click();
        expect(
          await page
            .locator('#propertyDesignation')
            .evaluate((element) => element === document.activeElement),
        ).toBe(true);

        // 4. Corrected and sent through the gateway's outbox: the receipt says it was received, and once the
        // gateway has delivered it (the page waits briefly; "Uppdatera" looks again) the case id it was given.
        await page.getByLabel(/^Bygglov/).check();
        await page.locator('#description').fill('Fristående garage om 30 kvadratmeter på tomtens norra del.');
        await page.locator('#propertyDesignation').fill('uppsala kåbo 5:12');
        await page.locator('#givenName').fill('Tolvan');
        await page.locator('#familyName').fill('Tolvansson');
        await page.locator('#email').fill('tolvan.tolvansson@example.se');
        await page.getByRole('button', { name: /Skicka ansökan/ }).click();
        await page.waitForURL(`${eService.url}/kvitto`);
        expect(await page.locator('h1').textContent()).toMatch(/Vi har tagit emot din ansökan/);
        expect(await page.locator('dd code').textContent()).toMatch(/^rcpt_/);
        expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
        for (let i = 0; i < 10 && (await page.locator('.case-id').count()) === 0; i += 1) {
          await expectNoAxeViolations(page, 'the receipt, on its way');
          await page.getByRole('link', { name: /^Uppdatera/ }).click();
          await page.waitForURL(`${eService.url}/kvitto`);
        }
        await page.getByText(/Framme hos handläggarna/).waitFor();
        const caseId = (await page.locator('.case-id').textContent())?.trim() ?? '';
        expect(caseId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
        await expectNoAxeViolations(page, 'the receipt');
        await keepPage();

        // 5. The receipt links to the case's status page, which says where it stands; Mina ärenden lists it.
        await page.getByRole('link', { name: /^Följ ärendet/ }).click();
        await page.waitForURL(`${eService.url}/mina-arenden/${encodeURIComponent(caseId)}`);
        expect(await page.locator('h1').textContent()).toContain(`Ärende ${caseId}`);
        await page.getByText('Status: Inskickad').waitFor();
        await page.getByText('UPPSALA KÅBO 5:12').waitFor();
        await expectNoAxeViolations(page, 'the case status');
        await keepPage();
        await page
          .getByRole('link', { name: /^Mina ärenden/ })
          .first()
          .click();
        await page.waitForURL(`${eService.url}/mina-arenden`);
        await page.getByRole('link', { name: caseId }).waitFor();
        await expectNoAxeViolations(page, 'my cases');
        await keepPage();

        // The business system, acting on the citizen's behalf, was given the number by the gateway.
        const stored = await fetch(`${business.url}/api/v2/cases/${encodeURIComponent(caseId)}`, {
          headers: { authorization: `Bearer ${apiKey}` },
        });
        expect(stored.status).toBe(200);
        expect(await stored.json()).toMatchObject({
          applicant: { personalIdentityNumber: tolvan },
          propertyDesignation: 'UPPSALA KÅBO 5:12',
        });

        // 6. Log out: the e-service, then the gateway and the test IdP each ask, and the browser comes back.
        const accessToken = (
          JSON.parse(exchanges.find((each) => each.url.endsWith('/oidc/token'))?.body ?? '{}') as {
            access_token?: string;
          }
        ).access_token;
        expect(accessToken).toBeDefined();
        await page.getByRole('button', { name: /Logga ut/ }).click();
        await page.waitForURL(`${gateway.url}/**`);
        await page.getByRole('button', { name: /^Logga ut/ }).click();
        await page.waitForURL(`${idp.url}/**`);
        await page.getByRole('button', { name: /^Logga ut/ }).click();
        await page.waitForURL(`${eService.url}/?state=utloggad`);
        await page.getByText('Du är utloggad.').waitFor();
        await page.getByRole('link', { name: /Logga in med BankID/ }).waitFor();
        await expectNoAxeViolations(page, 'the start page after logout');
        await keepPage();

        // Logged out at all three: no e-service session, the gateway refuses the old token, and a new visit
        // goes all the way to the test IdP's person picker (neither the gateway nor the IdP remembers a login).
        expect((await context.cookies(eService.url)).map((cookie) => cookie.name)).not.toContain('bygglov');
        const refused = await fetch(`${gateway.url}/api/case-management/cases`, {
          headers: { authorization: `Bearer ${accessToken}`, 'brygga-version': '2026-12-01' },
        });
        expect(refused.status).toBe(401);
        await page.goto(`${eService.url}/mina-arenden`);
        await page.waitForURL(`${idp.url}/interaction/**`);
        await page.getByLabel(/Tolvan Tolvansson/).waitFor();
      } catch (error) {
        // Where the walk stopped and what the page said: a browser failure is otherwise hard to read in CI.
        const main = await page
          .locator('main, body')
          .first()
          .textContent({ timeout: 1000 })
          .catch(() => '(no page text)');
        throw new Error(
          `${String(error)}\nat ${page.url()}\n${(main ?? '').replace(/\s+/g, ' ').slice(0, 1500)}`,
          { cause: error },
        );
      } finally {
        await context.close();
      }

      // Everything the e-service received: discovery, keys, tokens (decoded), every API answer, and what the
      // browser sent it. None of it carries the number, in any form.
      const paths = exchanges.map((each) => `${each.method} ${new URL(each.url).pathname}`);
      expect(paths).toEqual(
        expect.arrayContaining([
          'GET /oidc/.well-known/openid-configuration',
          'POST /oidc/token',
          'POST /api/case-management/cases',
          `GET /receipts/${receiptOf(exchanges).receiptId}`,
          'GET /api/case-management/cases',
          `GET /api/case-management/cases/${caseIdOf(exchanges)}`,
          `GET /api/case-management/cases/${caseIdOf(exchanges)}/status`,
        ]),
      );
      const tokenAnswer = exchanges.find((each) => each.url.endsWith('/oidc/token'))?.body ?? '';
      const tokenParts = decodedTokens(tokenAnswer).join('\n');
      expect(tokenParts).toContain('"sub"');
      expect(tokenParts).toContain('"acr"');
      // Accepted into the outbox (202), delivered later: the receipt carries the case the business system made.
      const accepted = exchanges.find((each) => each.method === 'POST' && each.url.endsWith('/cases'));
      expect(accepted?.status).toBe(202);
      expect(accepted?.requestBody).toContain('Tolvan');
      expect(receiptOf(exchanges).result).toMatchObject({
        status: 201,
        body: { applicant: { givenName: 'Tolvan' } },
      });
      for (const each of exchanges) {
        const what = `${each.method} ${each.url}`;
        const received = [each.url, each.requestBody, each.headers, each.body, ...decodedTokens(each.body)];
        for (const text of received) expect(text, what).not.toMatch(personnummerForms);
      }
      expect(fromBrowser.length).toBeGreaterThan(8);
      for (const text of [...fromBrowser, ...eServicePages, ...eServiceLog]) {
        expect(text).not.toMatch(personnummerForms);
      }
      expect(gatewayLog.join('\n')).not.toMatch(personnummerForms);
    });
  },
);

/** The case id from the createCase answer the e-service received. */
/** The receipt as last read, delivered: its id and the business system's answer. */
function receiptOf(exchanges: readonly Exchange[]): {
  receiptId?: string;
  result?: { status: number; body: { caseId?: unknown } };
} {
  const read = exchanges.filter(
    (each) => each.method === 'GET' && new URL(each.url).pathname.startsWith('/receipts/'),
  );
  return JSON.parse(read.at(-1)?.body ?? '{}');
}

function caseIdOf(exchanges: readonly Exchange[]): string {
  return encodeURIComponent(String(receiptOf(exchanges).result?.body.caseId));
}
