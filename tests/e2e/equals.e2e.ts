import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { ru } from '../../src/app/i18n/ru';
import { pageErrors, withBrowser } from './browser';
import { solveSchools } from './layout';

const { openPage } = withBrowser();

test('a new site says why among equally good plans: the children it reaches whom no school reaches today (issue 23)', async () => {
  const { page, problems } = await openPage('/');
  await solveSchools(page);
  const popup = page.locator('.leaflet-popup');
  const open = async () => {
    await page.locator('[data-testid="map"] .site-marker').first().click();
    await popup.waitFor();
    return (await popup.textContent()) ?? '';
  };
  const [before, after] = en.site.whyFirst.school.split('{people}');
  const text = await open();
  expect(text).toMatch(new RegExp(`${before}[\\d,]+ child(ren)? 6-17${after.replace('.', '\\.')}`));
  expect(await popup.locator('.popup-equals').textContent()).toBe(en.site.whyEquals);

  // The same in Russian, with the number's plural form.
  await popup.locator('.leaflet-popup-close-button').click();
  await popup.waitFor({ state: 'detached' });
  await page.selectOption('[data-testid="lang"]', 'ru');
  const russian = await open();
  expect(russian).toMatch(new RegExp(`${ru.site.whyFirst.school.split('{people}')[0]}[\\d\\s\\u00a0\\u202f]+ (ребёнок|ребёнка|детей) 6–17 лет\\.`));
  expect(await popup.locator('.popup-equals').textContent()).toBe(ru.site.whyEquals);
  expect(pageErrors(problems)).toEqual([]);
});
