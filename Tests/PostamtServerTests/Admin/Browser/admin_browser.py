#!/usr/bin/env python3
"""Drives Postamt's web admin in headless Chromium, as an operator would.

Usage: admin_browser.py BASE_URL USER PASSWORD QUEUE_ID SCREENSHOT_PATH

Logs in through the form, checks the dashboard and writes its screenshot, then clicks
"Retry now" on the deferred message and checks the page says it is due. Prints one line
per step; exits non-zero on the first failure.
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def main():
    base, user, password, queue_id, screenshot = sys.argv[1:6]
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1500"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    try:
        driver.get(base + "/queue?state=deferred")
        assert "/login" in driver.current_url, driver.current_url
        driver.find_element(By.NAME, "user").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys(password)
        driver.find_element(By.ID, "login").click()
        # A click returns before the form's redirect has loaded the next page.
        WebDriverWait(driver, 30).until(expected_conditions.url_contains("/queue?state=deferred"))
        assert driver.current_url.endswith("/queue?state=deferred"), driver.current_url
        row = driver.find_element(By.ID, "message-" + queue_id)
        assert "451 4.3.0" in row.text, row.text
        print("login: ok, deferred message listed with its reply")

        driver.get(base + "/")
        accepted = driver.find_element(By.ID, "total-accepted").text
        assert accepted == "1", accepted
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) == 2, len(charts)
        assert charts[0].size["width"] > 300, charts[0].size
        driver.save_screenshot(screenshot)
        print("dashboard: ok, screenshot in " + screenshot)

        driver.get(base + "/queue?state=deferred")
        driver.find_element(By.CSS_SELECTOR, "#message-" + queue_id + " button.retry").click()
        notice = WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "notice"))).text
        assert notice == "Retrying now: 1 recipient(s) are due.", notice
        print("retry: ok, " + notice)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
