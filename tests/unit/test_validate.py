"""Content checks: every problem reported, one line each, sorted, in the editor's words."""

from __future__ import annotations

import sitegen

from .test_load import VALID, listing


def test_every_problem_is_reported_sorted_by_file_and_line(problems_in):
    broken = VALID.replace("category: warmline", "category: 42").replace('"+1 828 555 0102"', '"12345"')
    lines = problems_in({"listings/b-line.yaml": broken + "urll: https://example.org\n",
                         "listings/a-line.yaml": VALID.replace("https://example.org/test", "ftp://example.org")})
    assert lines == [
        "content/listings/a-line.yaml:9:5: source[0]: expected a web address starting with https://, found 'ftp://example.org'",
        "content/listings/b-line.yaml:2:11: category: expected a category from content/categories.yaml, found 42 (a number)",
        "content/listings/b-line.yaml:5:13: phones[0].number: expected a phone number like +1 828 555 0100, or a short number US has, like 988 or 211, found '12345'",
        "content/listings/b-line.yaml:10:1: urll: unknown field; did you mean 'url'?",
    ]


def test_phone_numbers_must_be_dialable(problems_in):
    assert problems_in(listing(text=VALID.replace('"+1 828 555 0102"', '"12345678"'))) == [
        "content/listings/test-line.yaml:5:13: phones[0].number: expected a phone number like +1 828 555 0100, "
        "or a short number US has, like 988 or 211, found '12345678'"]


def test_short_codes_and_vanity_numbers_are_accepted(problems_in):
    text = VALID.replace('  - number: "+1 828 555 0102"', '  - number: "988"\n  - number: "741741"\n    type: text\n'
                         '    keyword: HOME\n  - number: "1-800-555-0199"')
    assert problems_in(listing(text=text)) == []


def test_a_phone_number_without_quotes_is_explained(problems_in):
    assert problems_in(listing(text=VALID.replace('"+1 828 555 0102"', "988"))) == [
        "content/listings/test-line.yaml:5:13: phones[0].number: expected a phone number like +1 828 555 0100 "
        "(in quotes), found 988 (a number)"]


def test_only_web_links_are_allowed(problems_in):
    text = VALID + "url: javascript:alert(1)\nchat_url: JavaScript:alert(1)\nemail: not-an-email\n"
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:10:6: url: expected a web address starting with https://, like "
        "https://example.org/help, found 'javascript:alert(1)'",
        "content/listings/test-line.yaml:11:11: chat_url: expected a web address starting with https://, like "
        "https://example.org/chat, found 'JavaScript:alert(1)'",
        "content/listings/test-line.yaml:12:8: email: expected an email address like help@example.org, found 'not-an-email'",
    ]


def test_the_day_verified_must_be_a_real_date_not_in_the_future(problems_in):
    # An editor a few time zones east of CI may already be in tomorrow (today is 2026-11-26 here).
    assert problems_in(listing(text=VALID.replace("2026-11-01", "2026-11-27"))) == []
    assert problems_in(listing(text=VALID.replace("2026-11-01", "2026-11-28"))) == [
        "content/listings/test-line.yaml:7:18: verified.date: expected a date that is not in the future "
        "(today is 2026-11-26), found '2026-11-28'"]
    assert problems_in(listing(text=VALID.replace("2026-11-01", "2026-12-25"))) == [
        "content/listings/test-line.yaml:7:18: verified.date: expected a date that is not in the future "
        "(today is 2026-11-26), found '2026-12-25'"]
    assert problems_in(listing(text=VALID.replace("2026-11-01", "2026-02-30"))) == [
        "content/listings/test-line.yaml:7:18: verified.date: expected a real date like 2026-11-01, found '2026-02-30'"]


def test_missing_required_fields_point_at_the_listing(problems_in):
    text = VALID.replace("summary: A fictional line used by the tests, open in the evening.\n", "")
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:1:1: summary: expected one sentence of at most 200 characters, found nothing"]


def test_unknown_category_suggests_a_close_one(problems_in):
    assert problems_in(listing(text=VALID.replace("category: warmline", "category: warmlines"))) == [
        "content/listings/test-line.yaml:2:11: category: expected a category from content/categories.yaml "
        "like 'warmline', found 'warmlines'"]


def test_a_listing_needs_a_way_to_reach_it_and_a_place(problems_in):
    text = VALID.replace('phones:\n  - number: "+1 828 555 0102"\n', "").replace("service_area: [United States]\n", "")
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:1:1: expected a location (a place people can visit) or a service_area "
        "(where a line or online service is available), found neither",
        "content/listings/test-line.yaml:1:1: expected at least one way to reach the service: phones, url, "
        "chat_url, email or location, found none of them",
    ]


def test_schedules_need_days_and_times_together(problems_in):
    text = VALID + 'schedules:\n  - days: [mon]\n    opens: "09:00"\n  - days: [tue]\n    opens: "17:00"\n    closes: "17:00"\n'
    assert problems_in(listing(text=text)) == [  # both at once: one does not hide the other
        "content/listings/test-line.yaml:11:5: schedules[0]: expected an opening time with days, opens and closes "
        "(or open_24_7: true), found no closes",
        "content/listings/test-line.yaml:15:13: schedules[1].closes: expected a time other than opens (17:00); for a "
        "service that never closes, write open_24_7: true, found '17:00'"]


def test_a_schedule_with_neither_days_nor_open_24_7_says_what_it_needs(problems_in):
    assert problems_in(listing(text=VALID + "schedules:\n  - {description: Call first}\n")) == [
        "content/listings/test-line.yaml:11:5: schedules[0]: expected an opening time with days, opens and closes "
        "(or open_24_7: true), found neither"]


def schedules(*lines: str) -> str:
    return VALID + "schedules:\n" + "".join(f"  {line}\n" for line in lines)


def test_times_past_midnight_several_a_day_and_monthly_patterns_are_accepted(problems_in):
    text = schedules('- days: [fri, sat]', '  opens: "20:00"', '  closes: "02:00"',
                     '- days: [mon]', '  opens: "09:00"', '  closes: "12:00"',
                     '- days: [mon]', '  opens: "13:00"', '  closes: "24:00"',
                     '- days: [tue]', '  weeks: [2, 4]', '  opens: "18:30"', '  closes: "20:00"',
                     '- days: [tue]', '  weeks: [5]', '  opens: "18:30"', '  closes: "20:00"',
                     '  valid_from: "2027-01-01"', '  valid_to: "2027-06-30"') + 'closed_on: ["2026-12-25"]\n'
    assert problems_in(listing(text=text)) == []


def test_impossible_times_and_weeks_are_refused_where_they_are_written(problems_in):
    text = schedules('- days: [mon]', '  weeks: [6]', '  opens: "25:00"', '  closes: "26:00"',
                     '- days: [tue]', '  opens: "00:00"', '  closes: "24:00"')
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:12:13: schedules[0].weeks[0]: expected one of: 1, 2, 3, 4, 5, -1, found 6 (a number)",
        "content/listings/test-line.yaml:13:12: schedules[0].opens: expected a 24-hour time like \"09:00\", with two digits for the hour, found '25:00'",
        "content/listings/test-line.yaml:14:13: schedules[0].closes: expected a 24-hour time like \"17:00\", with two digits for the hour, found '26:00'",
        "content/listings/test-line.yaml:17:13: schedules[1].closes: expected a time other than opens (00:00); for a "
        "service that never closes, write open_24_7: true, found '24:00'"]


def test_overlapping_times_are_refused_but_different_weeks_may_share_a_day(problems_in):
    text = schedules('- days: [mon, tue]', '  opens: "09:00"', '  closes: "17:00"',
                     '- days: [tue]', '  opens: "16:00"', '  closes: "18:00"',
                     '- days: [sun]', '  opens: "22:00"', '  closes: "02:00"',
                     '- days: [mon]', '  weeks: [2]', '  opens: "01:00"', '  closes: "03:00"',
                     '- days: [wed]', '  weeks: [1, 3]', '  opens: "18:00"', '  closes: "20:00"',
                     '- days: [wed]', '  weeks: [2, 4]', '  opens: "18:00"', '  closes: "20:00"')
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:14:5: schedules[1]: these times overlap those of schedules[0]; join them "
        "into one, or say which weeks or dates each holds for",
        "content/listings/test-line.yaml:20:5: schedules[3]: these times overlap those of schedules[2]; join them "
        "into one, or say which weeks or dates each holds for"]


def test_times_for_different_dates_do_not_overlap(problems_in):
    text = schedules('- days: [mon]', '  opens: "09:00"', '  closes: "17:00"', '  valid_to: "2026-12-31"',
                     '- days: [mon]', '  opens: "10:00"', '  closes: "16:00"', '  valid_from: "2027-01-01"')
    assert problems_in(listing(text=text)) == []


def test_dates_must_be_real_and_in_order(problems_in):
    text = schedules('- days: [mon]', '  opens: "09:00"', '  closes: "17:00"',
                     '  valid_from: "2027-03-01"', '  valid_to: "2027-02-01"') + 'closed_on: ["2026-02-30"]\n'
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:15:15: schedules[0].valid_to: expected a day on or after valid_from "
        "(2027-03-01), found '2027-02-01'",
        "content/listings/test-line.yaml:16:13: closed_on[0]: expected a real date like 2026-11-01, found '2026-02-30'"]


def test_the_same_name_and_phone_twice_is_a_duplicate(problems_in):
    assert problems_in({"listings/test-line.yaml": VALID, "listings/test-line-copy.yaml": VALID}) == [
        "content/listings/test-line.yaml:1:7: name: 'Example Test Line' with phone (828) 555-0102 is already "
        "listed in content/listings/test-line-copy.yaml; keep one"]


def test_category_defaults_fill_in_fields_and_errors_point_at_the_defaults(problems_in, make_project):
    text = VALID.replace("category: warmline", "category: crisis-line").replace("service_area: [United States]\n", "")
    assert problems_in(listing(text=text)) == []
    categories = (make_project().joinpath("categories.yaml").read_text()
                  .replace("service_area: [United States]", "service_area: United States"))
    assert problems_in({**listing(text=text), "categories.yaml": categories}) == [
        "content/categories.yaml:6:19: [0].defaults.service_area: expected a list of places, like [United States] or "
        "[Buncombe County, NC], found 'United States'"]


def test_guides_front_matter_and_links_are_checked(problems_in):
    guide = """
    ---
    title: A guide
    summary: Too short
    reviewed: "2026-11-01"
    categories: [warmlines]
    ---
    Read [this](/listings/nowhere/).
    """
    assert problems_in({"guides/a-guide.md": guide}) == [  # every one at once
        "content/guides/a-guide.md:3:10: summary: expected one sentence of at most 200 characters, found 'Too short'",
        "content/guides/a-guide.md:5:14: categories[0]: expected a category from content/categories.yaml, found 'warmlines'",
        "content/guides/a-guide.md:7:13: the link /listings/nowhere/ goes to no page of this site; "
        "link to a page like /listings/<slug>/"]


def test_warnings_become_errors_under_strict(problems_in):
    stale = ("content/listings/example-peer-warmline.yaml:23:18: {}verified.date: not checked since 2024-01-15, "
             "more than 365 days ago; check the details and update the date")
    assert problems_in({}, warnings=True) == [stale.format("warning: ")]
    assert problems_in({}, strict=True) == [stale.format("")]


def test_missing_site_settings_are_reported(problems_in):
    assert problems_in({"site.yaml": None}) == ["content/site.yaml:1:1: this file is missing; every site needs one"]


def test_search_words_are_checked_and_every_site_needs_them(problems_in):
    assert problems_in({"search.yaml": None}) == ["content/search.yaml:1:1: this file is missing; every site needs one"]
    assert problems_in({"search.yaml": "crisis:\n  - Kill Myself\nsynonyms:\n  loneliness: lonely\n"}) == [
        "content/search.yaml:2:5: crisis[0]: expected a phrase in lower case, like kill myself, found 'Kill Myself'",
        "content/search.yaml:4:15: synonyms.loneliness: expected a list of words people type, like [teen, youth, "
        "student], found 'lonely'"]


def test_synonyms_for_a_term_no_listing_has_are_flagged(problems_in):
    found = problems_in({"search.yaml": "crisis: [kill myself]\nsynonyms:\n  lonliness: [lonely]\n"}, warnings=True)
    assert "content/search.yaml:3:3: warning: synonyms.lonliness: no listing has this tag, audience or category; " \
           "check its spelling against a listing" in found


def test_synonyms_in_another_language_are_checked_too_and_a_term_written_twice_is_flagged(problems_in):
    search = ("crisis: [kill myself]\ntranslations:\n  es:\n    synonyms:\n      Families: [familia]\n"
              "      families: [padres]\n      soledad: [sola]\n")
    found = problems_in({"search.yaml": search}, warnings=True)
    assert [p for p in found if "search.yaml" in p] == [
        "content/search.yaml:6:7: warning: translations.es.synonyms.families: the same term as 'Families' above; "
        "put their words in one list",
        "content/search.yaml:7:7: warning: translations.es.synonyms.soledad: no listing has this tag, audience or "
        "category; check its spelling against a listing"]


def test_a_misspelt_field_is_reported_at_its_own_line_once(problems_in):
    text = VALID.replace("service_area: [United States]", "adress: 100 Example Street")
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:6:1: adress: unknown field; did you mean 'location' or 'service_area'? "
        "One of them is needed: a location (a place people can visit) or a service_area (where a line or online "
        "service is available)"]


def test_an_impossible_date_is_reported_once(problems_in):
    text = VALID.replace('date: "2026-11-01"', 'date: "2026-13-45"')
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:7:18: verified.date: expected a date like 2026-11-01, found '2026-13-45'"]
    text = VALID.replace('date: "2026-11-01"', 'date: "2026-02-30"')  # written like a date, but there is no such day
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:7:18: verified.date: expected a real date like 2026-11-01, found '2026-02-30'"]


def test_a_mistake_in_categories_yaml_is_reported_there_once_not_in_every_listing(problems_in, make_project):
    # The crisis lines count on their category's service_area: while categories.yaml cannot be read, their
    # missing service_area is not reported as a problem of each listing.
    categories = make_project().joinpath("categories.yaml").read_text()
    misspelt = categories.replace("service_area: [United States]", "servce_area: [United States]")
    assert problems_in({"categories.yaml": misspelt}) == [
        "content/categories.yaml:6:5: [0].defaults.servce_area: unknown field; did you mean 'service_area'?"]
    broken = categories.replace("description: Talk with a peer", "description: Talk: with a peer")
    assert problems_in({"categories.yaml": broken}) == [
        "content/categories.yaml:10:20: unexpected ':'; put text that contains ': ' in quotes, or check the indenting"]


def test_a_missing_field_of_a_group_is_named_in_its_own_words(problems_in):
    text = VALID.replace("service_area: [United States]", "location:\n  street: 100 Example Street\n  state: NC")
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:7:3: location.city: expected a city name like Asheville, found nothing"]


def test_the_old_key_on_is_explained_in_one_line_where_it_is(problems_in):
    """verified.on was renamed date: YAML 1.1 readers (PyYAML's safe_load, yamllint) take a key named on for true."""
    why = "this key is now 'date' (YAML 1.1 tools, such as PyYAML and yamllint, read a key named on as true); " \
          "rename it to date:"
    flow = VALID.replace('{date: "2026-11-01"', '{on: "2026-11-01"')
    block = VALID.replace('verified: {date: "2026-11-01", by: sources}', 'verified:\n  on: "2026-11-01"\n  by: sources')
    assert problems_in({"listings/flow-line.yaml": flow, "listings/block-line.yaml": block}) == [
        f"content/listings/block-line.yaml:8:3: verified.on: {why}",
        f"content/listings/flow-line.yaml:7:12: verified.on: {why}"]


PAGE = "---\ntitle: A page\nsummary: A page an editor added.\nreviewed: 2026-01-01\n---\nText.\n"


def test_a_page_that_would_take_an_address_the_site_has_is_a_problem_not_a_crash(problems_in, make_project, tmp_path):
    files = {"pages/search.md": PAGE, "pages/offline.md": PAGE, "pages/es.md": PAGE, "pages/assets.md": PAGE,
             "pages/es.es.md": PAGE.replace("reviewed: 2026-01-01", "reviewed: true")}
    expected = [
        "content/pages/assets.md:2:1: the file name makes this page's address assets/, which is a folder of the "
        "site's own files; choose another file name",
        "content/pages/es.md:2:1: the file name makes this page's address es/, which is the address of the site's "
        "home page in another language (es); choose another file name",
        "content/pages/offline.md:2:1: the file name makes this page's address offline/, which is the address of "
        "one of the site's own pages; choose another file name",
        "content/pages/search.md:2:1: the file name makes this page's address search/, which is the address of one "
        "of the site's own pages; choose another file name"]
    assert problems_in(files) == expected
    # build says the same, and leaves site/ as it was: no traceback
    try:
        sitegen.build(sitegen.Config(content_dir=make_project(files), site_dir=tmp_path / "site"))
    except sitegen.BuildFailed as failure:
        assert [str(p).replace(str(tmp_path) + "/", "") for p in failure.problems if p.level == "error"] == expected
    else:
        raise AssertionError("a page at the search page's address was built")
    assert not (tmp_path / "site").exists()
