// The officer page in Firefox: Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core (which
// downloads no browser). Run by tests/test_serve_firefox.py against a live `nrules serve`; prints one
// JSON line with what an officer would see, for the Python test to judge.
// Usage: node check.mjs BASE_URL FIREFOX_PATH
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [base, firefox] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "nrules-firefox-"));
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: firefox,
  headless: true,
  userDataDir: profile,
  extraPrefsFirefox: { "intl.accept_languages": "id-ID, id", "app.update.enabled": false },
});
const out = { errors: [] };
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => out.errors.push(String(e)));
  await page.goto(base + "/");
  await page.waitForSelector("#report:not([hidden])");
  out.lang = await page.$eval("html", (h) => h.lang);
  const control = async (qid) => {
    const selector = `[data-qid="${qid}"] select, [data-qid="${qid}"] input, [data-qid="${qid}"] textarea`;
    await page.waitForSelector(selector);
    return selector;
  };
  const choose = async (qid, value) => page.select(await control(qid), value);
  const type = async (qid, text) => page.type(await control(qid), text, { delay: 0 });
  const errorOf = (qid) => page.$eval(`[data-qid="${qid}"] .field-error`, (el) => el.textContent);
  const settle = () => new Promise((r) => setTimeout(r, 900)); // the page asks the server 250 ms after typing
  await choose("election.key", "pemilu-2024");
  await choose("election.contest", "dpr");
  await choose("respondents[0].role", "pns");
  await type("respondents[0].name", "Hotman Siregar");
  await type("respondents[0].id_number", "19810612200901100");
  await settle();
  out.nipErrorWhileTyping = await errorOf("respondents[0].id_number");
  await type("respondents[0].id_number", "3");
  await settle();
  out.nipErrorWhenComplete = await errorOf("respondents[0].id_number");
  await type("event.date_of_act", "20 Januari 2024");
  await choose("acts[0].type", "campaign.attend");
  await page.waitForSelector('[data-qid="acts[0].civil_servant_attributes"] input[value="ya"]');
  await page.click('[data-qid="acts[0].civil_servant_attributes"] input[value="ya"]');
  await page.$eval('[data-qid="assessment_date"] input', (el) => {
    el.value = "2024-02-20";
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
  await page.focus("#check");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#verdict:not([hidden])");
  out.focused = await page.evaluate(() => document.activeElement.id);
  out.status = await page.$eval(".verdict", (el) => el.dataset.status);
  out.badge = await page.$eval(".verdict .badge", (el) => el.textContent);
  out.headline = await page.$eval(".verdict .headline", (el) => el.textContent);
  await page.focus("details.reasoning > summary");
  await page.keyboard.press("Enter");
  out.reasoningOpen = await page.$eval("details.reasoning", (d) => d.open);
  out.reasoning = await page.$eval("details.reasoning", (d) => d.innerText);
  // the letter as Markdown: the page's own download code, with the blob read back instead of saved
  out.memo = await page.evaluate(async () => {
    let captured = null;
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob) => { captured = blob; return original.call(URL, blob); };
    document.querySelector('button.letter[data-format="md"]').click();
    for (let i = 0; i < 100 && !captured; i += 1) await new Promise((r) => setTimeout(r, 100));
    URL.createObjectURL = original;
    return captured ? await captured.text() : null;
  });
  out.version = await browser.version();
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
