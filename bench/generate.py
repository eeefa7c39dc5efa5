"""Write a fictional content tree of N listings, and the same listings as a Hugo site.

Everything is made up: phone numbers are 555-01xx (reserved for fiction), addresses and
web sites are on example.org. The same count and seed always give the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import icalendar
import phonenumbers
import yaml
import zipcodes

# A Hugo site whose templates write the same pages as ours: what a user would otherwise build.
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
REPO = HUGO_SITE.parent.parent

TODAY = dt.date(2026, 11, 1)  # the build runs with SOURCE_DATE_EPOCH at this date (see run.py)
SOURCE_DATE_EPOCH = str(int(dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp()))

# (slug, name, plural, description, share of listings): a 211 database is mostly local services.
# Each category's words in Spanish follow, as the bundled categories.yaml has them (CATEGORIES_ES).
CATEGORIES = [
    ("crisis-line", "Crisis line", "Crisis lines", "Call, text or chat any time you are in crisis.", 2),
    ("helpline", "Helpline", "Helplines", "Information, referrals and a listening ear.", 5),
    ("warmline", "Warmline", "Warmlines", "Talk with a peer before things become a crisis.", 4),
    ("support-group", "Support group", "Support groups", "Meet regularly with people who understand.", 20),
    ("online-community", "Online community", "Online communities", "Moderated places online to talk and listen.", 5),
    ("treatment", "Treatment service", "Treatment", "Counseling, urgent care and recovery programs.", 25),
    ("community-center", "Community center", "Community centers", "Local places with classes and friendly faces.", 12),
    ("library", "Library", "Libraries", "Free places to read, learn and meet people.", 7),
    ("senior-services", "Senior service", "Senior services", "Help and company for older adults.", 8),
    ("club", "Club", "Clubs", "Groups built around a shared interest, like hiking or games.", 6),
    ("volunteer", "Volunteer program", "Volunteer programs", "Ways to give your time and meet people.", 6),
]
CATEGORIES_ES = {
    "crisis-line": ("Línea de crisis", "Líneas de crisis",
                    "Llame, envíe un mensaje o chatee a cualquier hora si está en crisis."),
    "helpline": ("Línea de ayuda", "Líneas de ayuda", "Información, referencias y alguien que le escucha."),
    "warmline": ("Línea de apoyo entre pares", "Líneas de apoyo entre pares",
                 "Hable con un par antes de que las cosas se conviertan en una crisis."),
    "support-group": ("Grupo de apoyo", "Grupos de apoyo", "Reúnase con regularidad con personas que le entienden."),
    "online-community": ("Comunidad en línea", "Comunidades en línea",
                         "Lugares moderados en línea para hablar y escuchar."),
    "treatment": ("Servicio de tratamiento", "Tratamiento",
                  "Consejería, atención urgente y programas de recuperación."),
    "community-center": ("Centro comunitario", "Centros comunitarios", "Lugares locales con clases y caras amables."),
    "library": ("Biblioteca", "Bibliotecas", "Lugares gratuitos para leer, aprender y conocer gente."),
    "senior-services": ("Servicio para personas mayores", "Servicios para personas mayores",
                        "Ayuda y compañía para personas mayores."),
    "club": ("Club", "Clubes", "Grupos en torno a un interés común, como caminar o jugar."),
    "volunteer": ("Programa de voluntariado", "Programas de voluntariado", "Maneras de dar su tiempo y conocer gente."),
}
KINDS = {
    "crisis-line": ["Crisis Line", "Text Support", "Suicide Prevention Line", "Mobile Crisis Team"],
    "helpline": ["Helpline", "Information Line", "Recovery Helpline", "Family Helpline"],
    "warmline": ["Warmline", "Peer Talk Line", "Listening Line", "Evening Chat"],
    "support-group": ["Peer Support Group", "Family Support Circle", "Grief Group", "Recovery Meeting",
                      "Anxiety Support Group", "Caregivers Circle", "Young Adults Group"],
    "online-community": ["Online Peer Forum", "Online Support Community", "Chat Circle"],
    "treatment": ["Counseling Center", "Behavioral Health Clinic", "Urgent Care", "Recovery Program",
                  "Family Therapy Practice", "Outpatient Clinic"],
    "community-center": ["Community Center", "Neighborhood House", "Recreation Center"],
    "library": ["Public Library", "Branch Library", "Community Library"],
    "senior-services": ["Senior Center", "Council on Aging", "Friendly Visitor Program", "Adult Day Program"],
    "club": ["Hiking Club", "Chess Club", "Walking Group", "Garden Club", "Book Club", "Choir"],
    "volunteer": ["Volunteer Center", "Food Bank Volunteers", "Habitat Crew", "Tutoring Volunteers"],
}
# Long, unlike names: the builder warns about names 90% alike, and real directories have few of those.
ORGANISATIONS = ["Riverstone", "Crossroads", "Evergreen", "Meadowlark", "Lighthouse", "Heartwood", "Tapestry",
                 "Wildflower", "Clearwater", "Pathfinder", "Sunflower", "Blue Heron", "Good Neighbor", "Full Circle",
                 "Second Wind", "Common Ground", "Morning Light", "Kindred Spirit", "Open Horizons", "Safe Passage",
                 "Mountain Laurel", "Thistledown", "Juniper Hill", "Foxglove", "Quiet Harbor", "Gateway", "Fireside",
                 "Bluebird", "Larkspur", "Wayfinder", "Driftwood", "Silver Maple", "Hummingbird", "Dandelion"]
COUNTIES = ["Example County", "Sample County", "Maple County", "Cedar County", "Fiction County", "Pine County"]


def _towns(count: int = 150) -> list[str]:
    """Return made-up town names like Ashbrookton, from syllables, the same every time."""
    rng, found = random.Random("towns"), set()
    while len(found) < count:
        found.add("".join(rng.sample(["ash", "bar", "brook", "cal", "den", "el", "fair", "glen", "har", "kes",
                                      "lin", "mar", "nor", "pem", "quin", "ros", "sel", "tam", "ver", "wen"], 2)
                          + [rng.choice(["ton", "ville", "field", "ford", "wood", "dale", "burg", "mont", "port"])]
                          ).capitalize())
    return sorted(found)


def _area_codes() -> list[str]:
    """Return the US area codes where phonenumbers accepts 555-0100: every listing can have its own number."""
    valid = [f"{code}" for code in range(201, 990)
             if phonenumbers.is_valid_number(phonenumbers.parse(f"+1 {code} 555 0100", "US"))]
    return [code for code in valid if code not in TOLL_FREE]


TOLL_FREE = ["800", "888", "877", "866"]
TOWNS = _towns()
AREAS = _area_codes()
LANGUAGES = ["English", "Spanish", "Vietnamese", "Chinese", "Arabic", "French", "Korean", "Hmong", "ASL"]
AUDIENCES = ["Anyone", "Adults", "Young people", "Older adults", "Veterans", "LGBTQ+ people",
             "Transgender people", "Families", "Caregivers", "People in addiction recovery",
             "People with disabilities", "Deaf and hard of hearing", "Disaster survivors",
             "People facing abuse", "Spanish speakers"]
ACCESS = ["Wheelchair-accessible entrance", "Accessible restroom", "ASL by videophone", "TTY",
          "Large-print materials", "Elevator", "Quiet room", "Service animals welcome"]
TAGS = ["peer-support", "loneliness", "grief", "anxiety", "depression", "recovery", "family", "youth",
        "seniors", "veterans", "lgbtq", "housing", "food", "employment", "learning", "outdoors",
        "volunteering", "caregiving", "text-line", "crisis", "substance-use", "trauma", "parenting",
        "spanish", "disability", "transportation", "faith", "art", "music", "exercise"]
WORDS = ("you can talk with a trained peer who listens without judgement and helps you find the next step "
         "our volunteers answer calls in the evening and on weekends we also offer groups for families "
         "caregivers and young adults there is no cost and you do not need a referral bring a friend if "
         "you like meetings are small and friendly and you may share as much or as little as you want").split()
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TIMES = [("08:00", "17:00"), ("09:00", "17:00"), ("09:00", "21:00"), ("10:00", "18:00"),
         ("12:00", "20:30"), ("17:00", "22:00"), ("18:30", "20:00"), ("19:00", "24:00")]


def write_content(folder: Path, count: int, seed: int = 7) -> list[str]:
    """Write site.yaml, categories.yaml, guides, an about page and count listings; return the listing slugs."""
    (folder / "listings").mkdir(parents=True)
    (folder / "guides").mkdir()
    (folder / "pages").mkdir()
    dump(SITE, folder / "site.yaml")
    dump(categories(), folder / "categories.yaml")
    dump(SEARCH, folder / "search.yaml")
    for slug, front, body in GUIDES:
        front_matter = yaml.dump(front, Dumper=_Dumper, sort_keys=False)
        (folder / "guides" / f"{slug}.md").write_text(f"---\n{front_matter}---\n{body}")
    for slug, (front, body) in GUIDES_ES.items():
        front_matter = yaml.dump(front, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        (folder / "guides" / f"{slug}.es.md").write_text(f"---\n{front_matter}---\n{body}")
    (folder / "pages" / "about.md").write_text(ABOUT)
    (folder / "pages" / "about.es.md").write_text(ABOUT_ES)
    slugs = []
    for slug, data in listings(count, seed):
        dump(data, folder / "listings" / f"{slug}.yaml")
        slugs.append(slug)
    return slugs


def write_hugo_site(folder: Path, count: int, seed: int = 7, code: Path = REPO) -> None:
    """Write the same listings, guides and about page as a Hugo site in both languages, its templates and fixed pages
    copied from bench/hugo/, with what its templates read besides: our assets and schemas (served as they are), our
    service worker as a Hugo template, and data files for the categories, the search words, the ZIP code table and
    the calendar files' time zones. code is the checkout whose assets, schemas and service worker to take.

    Translation by content directory, as Hugo's documentation shows it: content/en/ and content/es/, and a mount
    (hugo.toml) that fills each listing missing from content/es/ with its English file, as ours shows an untranslated
    listing on its Spanish page."""
    shutil.copytree(HUGO_SITE, folder, dirs_exist_ok=True)
    data_dir = folder / "data"
    data_dir.mkdir()
    dump(categories(), data_dir / "categories.yaml")
    dump(SEARCH, data_dir / "search.yaml")
    (data_dir / "zipcodes.json").write_text(json.dumps(zip_table(), separators=(",", ":")))
    (data_dir / "vtimezones.json").write_text(json.dumps(time_zones()))
    shutil.copytree(code / "templates" / "assets", folder / "static" / "assets")
    (folder / "static" / "schema").mkdir()
    for schema in sorted((code / "schema").glob("*.json")):
        shutil.copy(schema, folder / "static" / "schema" / schema.name)
    (folder / "layouts" / "home.serviceworker.js").write_text(service_worker(code))
    for path, data in admin_files(code).items():
        (folder / "static" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "static" / path).write_bytes(data)
    en, es = folder / "content" / "en", folder / "content" / "es"
    for root in (en / "guides", es / "guides", en / "listings", es / "listings"):
        root.mkdir(parents=True, exist_ok=True)
    for category in categories():  # each category's page, in both languages, also for a category no listing uses
        for root, words in ((en, category), (es, category["translations"]["es"])):
            (root / "category" / category["slug"]).mkdir(parents=True)
            front = {"title": words["plural"], "slug": category["slug"], "summary": words["description"]}
            (root / "category" / category["slug"] / "_index.md").write_text(f"---\n{yaml_text(front)}---\n")
    for slug, front, body in GUIDES:
        fields = {"title": front["title"], "summary": front["summary"], "params": front}
        (en / "guides" / f"{slug}.md").write_text(f"---\n{yaml_text(fields)}---\n{body}")
    for slug, (front, body) in GUIDES_ES.items():
        # The twin prints the date the English was reviewed; reviewed: true in ours says a fluent reader checked the
        # translation, which the twin keeps as translation_reviewed (for the translations page).
        fields = {"title": front["title"], "summary": front["summary"],
                  "params": {**dict(GUIDES_EN[slug]), **front, "reviewed": GUIDES_EN[slug]["reviewed"],
                             "translation_reviewed": front["reviewed"]}}
        (es / "guides" / f"{slug}.md").write_text(f"---\n{yaml_text(fields)}---\n{body}")
    (en / "about.md").write_text(ABOUT)
    (es / "about.md").write_text(ABOUT_ES.replace("reviewed: ", 'reviewed: "2026-11-01"\ntranslation_reviewed: ', 1))
    defaults = {slug: c.get("defaults", {}) for c in categories() for slug in [c["slug"]]}
    for slug, data in listings(count, seed):
        # Hugo reserves url, summary and description in front matter, so the listing's fields go under params.
        params = {**defaults[data["category"]], **data}
        body = params.pop("description", "")
        spanish = params.pop("translations", {}).get("es")
        front = {"title": data["name"], "category": data["category"], "params": params}
        (en / "listings" / f"{slug}.md").write_text(f"---\n{yaml_text(front)}---\n{body}\n")
        if spanish:  # the Spanish page's own file: the same facts, the words it has in Spanish
            words = {"summary": spanish["summary"], "translated": ["summary", *(["description"] if "description"
                     in spanish else [])], "reviewed": spanish["reviewed"]}
            notes = spanish.get("schedules", [{} for _ in params.get("schedules", [])])
            schedules = [{**s, **note} for s, note in zip(params.get("schedules", []), notes)]
            if "schedules" in spanish:
                words["translated"].append("schedules")
            front = {"title": data["name"], "category": data["category"],
                     "params": {**params, **words, **({"schedules": schedules} if schedules else {})}}
            (es / "listings" / f"{slug}.md").write_text(
                f"---\n{yaml_text(front)}---\n{spanish.get('description', body)}\n")


def yaml_text(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def zip_table() -> dict[str, dict[str, list[float]]]:
    """Return the ZIP codes' centres from the `zipcodes` package, the table our build reads, as the twin's data file
    has them: by three-digit area, as the site serves them ({"287": {"28801": [35.5951, -82.5567], ...}, ...})."""
    areas: dict[str, dict[str, list[float]]] = {}
    for row in zipcodes.list_all():
        if row["lat"] and row["long"]:
            areas.setdefault(row["zip_code"][:3], {})[row["zip_code"]] = [float(row["lat"]), float(row["long"])]
    return areas


def time_zones() -> dict[str, dict[str, str]]:
    """Return each time zone's VTIMEZONE from each year on, as the icalendar package writes it for our calendar files:
    a Hugo site pastes them into a data file."""
    return {zone: {str(year): icalendar.Timezone.from_tzid(zone, first_date=dt.date(year, 1, 1)).to_ical().decode()
                   for year in range(TODAY.year - 3, TODAY.year + 2)}
            for zone in ("America/New_York", "America/Chicago")}


def service_worker(code: Path = REPO) -> str:
    """Return our service worker's template (templates/sw.js) with Hugo's words for the three values it is given."""
    text = (code / "templates" / "sw.js").read_text()
    for jinja, hugo in (("{{ version|tojson }}", '{{ partial "version.html" . | jsonify }}'),
                        ("{{ precache|tojson }}", '{{ partial "precache.html" . | jsonify }}'),
                        ("{{ offline|tojson }}", '{{ partial "offline-pages.html" . | jsonify }}'),
                        ("{{ editors|tojson }}", '"admin/"')):
        assert jinja in text, f"templates/sw.js no longer has {jinja}: update bench/generate.py"
        text = text.replace(jinja, hugo)
    return text


def admin_files(code: Path = REPO) -> dict[str, bytes]:
    """Return the editors' form at admin/, as ours writes it: a page that is the same on every build of a site, our
    scripts and configuration, and the CMS with its fonts from node_modules. Hugo copies them as static files; the
    page is rendered here from our template, once, with the generated site's settings."""
    import jinja2

    from sitegen import forms, hours, new

    admin = code / "templates" / "admin"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(code / "templates"), autoescape=True,
                                     extensions=["jinja2.ext.i18n"])
    environment.install_null_translations()
    site = {"name": SITE["name"], "base_url": SITE["base_url"], "repository_url": SITE["repository"]["url"],
            "repository_branch": SITE["repository"]["branch"]}
    page = environment.get_template("admin/index.html").render(
        site=site, base_path="/", first_line=new.SCHEMA_COMMENT, how_verified=hours.HOW_VERIFIED,
        repository=SITE["repository"]["url"].removeprefix("https://github.com/"))
    return {"admin/index.html": page.encode(),
            **{f"admin/{path.name}": path.read_bytes() for path in sorted(admin.iterdir())
               if path.is_file() and path.suffix in (".js", ".yml")},
            **{f"admin/{path}": data for path, data in forms.cms_files().items()}}


def categories() -> list[dict]:
    """Return categories.yaml's content in both languages; crisis lines get a default service area and support
    groups meet, as in the bundled content."""
    found = [{"slug": s, "name": n, "plural": t, "description": d} for s, n, t, d, _ in CATEGORIES]
    found[0]["defaults"] = {"service_area": ["United States"]}
    found[3]["defaults"] = {"meetings": True}  # support groups: their times are when they meet, as in the sample
    for category in found:
        name, plural, description = CATEGORIES_ES[category["slug"]]
        category["translations"] = {"es": {"name": name, "plural": plural, "description": description}}
    return found


def listings(count: int, seed: int):
    """Yield (slug, fields) for count fictional listings with the field mix of a real directory."""
    rng = random.Random(seed)
    es = random.Random(seed + 1)  # the Spanish words draw from their own stream: the English stay as they were
    weights = [share for *_, share in CATEGORIES]
    names: set[str] = set()
    slugs: list[str] = []
    numbers = iter(range(10**9))  # each listing its own numbers, as in real data: a shared one is a likely duplicate
    for _ in range(count):
        category = rng.choices(CATEGORIES, weights)[0][0]
        name = ""
        while not name or name in names:
            place = rng.choice(TOWNS)
            name = f"{place} {rng.choice(ORGANISATIONS)} {rng.choice(KINDS[category])}"
        names.add(name)
        slug = slugify(name)
        data = {"name": name, "category": category,
                "summary": f"{SUMMARIES[category]} in {place}."}
        roll = rng.random()
        if roll < 0.45:
            data["description"] = sentence(rng, 8, 20)
        elif roll < 0.85:
            data["description"] = long_description(rng, slugs)
        data.update(reach(rng, category, slug, numbers))
        data.update(where(rng, category, place))
        if category not in ("library", "club", "volunteer") or rng.random() < 0.5:
            data["schedules"] = schedules(rng, category)
        if rng.random() < 0.1:
            data["time_zone"] = rng.choice(["America/New_York", "America/Chicago"])
        data["languages"] = ["English"] + rng.sample(LANGUAGES[1:], rng.choice([0, 0, 0, 1, 2]))
        data["cost"] = rng.sample(["free", "sliding-scale", "insurance", "paid"], rng.choice([1, 1, 2]))
        if rng.random() < 0.2:
            data["cost_note"] = ("Standard text rates may apply." if category == "crisis-line"
                                 else "Ask about fee waivers.")
        if rng.random() < 0.5:
            data["audience"] = rng.sample(AUDIENCES, rng.randint(1, 3))
        if rng.random() < 0.4:
            data["accessibility"] = rng.sample(ACCESS, rng.randint(1, 3))
        data["tags"] = rng.sample(TAGS, rng.randint(1, 5))
        stale = rng.random() < 0.05  # some listings are overdue for checking: the needs-checking page
        age = rng.randint(400, 900) if stale else rng.randint(0, 330)
        data["verified"] = {"date": (TODAY - dt.timedelta(days=age)).isoformat(),
                            "by": rng.choice(["sources", "sources", "phone", "provider"])}
        data["source"] = [f"https://example.org/{slug}/about"]
        translate(es, data, place)
        slugs.append(slug)
        yield slug, data


SUMMARIES = {
    "crisis-line": "Free, confidential support by phone and text for anyone who is struggling",
    "helpline": "Information, referrals and someone to listen, for you or someone you care about",
    "warmline": "Talk with a trained peer who has lived experience, every evening",
    "support-group": "A friendly group that meets to share, listen and support each other",
    "online-community": "A moderated online space to talk with people who understand",
    "treatment": "Counseling and recovery services for adults and families",
    "community-center": "Classes, activities and a warm welcome for neighbours of every age",
    "library": "Borrow books, use a computer and join free events and classes",
    "senior-services": "Company, meals and help at home for older adults and their caregivers",
    "club": "Meet people who share your interest, with outings most weekends",
    "volunteer": "Give a few hours a month and meet people while you help others",
}


SUMMARIES_ES = {
    "crisis-line": "Apoyo gratuito y confidencial por teléfono y mensaje de texto para quien lo esté pasando mal",
    "helpline": "Información, referencias y alguien que le escucha, para usted o para alguien que le importa",
    "warmline": "Hable con un par capacitado que ha vivido algo parecido, todas las noches",
    "support-group": "Un grupo amable que se reúne para compartir, escuchar y apoyarse",
    "online-community": "Un espacio moderado en línea para hablar con personas que le entienden",
    "treatment": "Consejería y servicios de recuperación para adultos y familias",
    "community-center": "Clases, actividades y una cálida bienvenida para vecinos de todas las edades",
    "library": "Pida libros prestados, use una computadora y participe en eventos y clases gratuitos",
    "senior-services": "Compañía, comidas y ayuda en casa para personas mayores y quienes les cuidan",
    "club": "Conozca a personas con su mismo interés, con salidas casi todos los fines de semana",
    "volunteer": "Dedique unas horas al mes y conozca gente mientras ayuda a otras personas",
}
WORDS_ES = ("puede hablar con un par capacitado que escucha sin juzgar y le ayuda a encontrar el siguiente paso "
            "nuestros voluntarios atienden llamadas por la tarde y los fines de semana también ofrecemos grupos "
            "para familias cuidadores y jóvenes no tiene costo y no necesita una referencia traiga a una amistad "
            "si quiere las reuniones son pequeñas y amables y puede compartir tanto o tan poco como quiera").split()
TRANSLATED = 0.4  # the share of listings with Spanish words: 15 of the bundled content's 38 have them


def translate(rng: random.Random, data: dict, place: str) -> None:
    """Give some listings Spanish words, as editors add them: the summary, mostly the description, the notes on
    their times; most not yet reviewed by a fluent speaker. The others show their English words on Spanish pages."""
    if rng.random() >= TRANSLATED:
        return
    words: dict = {"summary": f"{SUMMARIES_ES[data['category']]} en {place}."}
    if "description" in data and rng.random() < 0.8:
        long = "\n" in data["description"]
        words["description"] = long_description_es(rng, data["category"]) if long else sentence(rng, 8, 20, WORDS_ES)
    words["reviewed"] = rng.random() < 0.3
    notes = [{"description": "Cerrado los días festivos"} if "description" in schedule else {}
             for schedule in data.get("schedules", [])]
    if any(notes):  # one item for each schedule, in the same order, as CONTRIBUTING.es.md asks
        words["schedules"] = notes
    data["translations"] = {"es": words}


def long_description_es(rng: random.Random, category: str) -> str:
    """Return a few paragraphs of Spanish Markdown, shaped like long_description's English."""
    parts = [sentence(rng, 20, 45, WORDS_ES) for _ in range(rng.randint(1, 3))]
    parts.append("\n".join(f"- {sentence(rng, 3, 8, WORDS_ES)}" for _ in range(rng.randint(2, 5))))
    parts.append(f"**{sentence(rng, 3, 6, WORDS_ES)}** Vea [una página relacionada](/categories/{category}/) "
                 f"o [su propio sitio](https://example.org/more?from=directory&lang=es).")
    parts += [sentence(rng, 20, 60, WORDS_ES) for _ in range(rng.randint(0, 2))]
    return "\n\n".join(parts)[:2900]


def reach(rng: random.Random, category: str, slug: str, numbers) -> dict:
    """Return phones, web site, email and chat link: short codes and text keywords for crisis lines."""
    found: dict = {}
    phones = []
    if category == "crisis-line":
        phones.append({"number": rng.choice(["988", "211"])})
        if rng.random() < 0.6:
            phones.append({"number": rng.choice(["741741", "838255"]), "type": "text",
                           "keyword": rng.choice(["HOME", "TALK", "HELLO"])})
    if category in ("crisis-line", "helpline", "warmline") or rng.random() < 0.7:
        phone = fictional_phone(next(numbers))
        if rng.random() < 0.1:
            phone["description"] = "Press 1 for Spanish"
        phones.append(phone)
    if rng.random() < 0.05:
        phones.append({**fictional_phone(next(numbers)), "type": "tty"})
    if phones:
        found["phones"] = phones
    if rng.random() < 0.85:
        found["url"] = f"https://example.org/{slug}"
    if rng.random() < 0.4:
        found["email"] = f"hello-{slug[:40]}@example.org"
    if category in ("crisis-line", "online-community", "warmline") and rng.random() < 0.5:
        found["chat_url"] = f"https://example.org/{slug}/chat"
    if not found:
        found["url"] = f"https://example.org/{slug}"
    return found


def fictional_phone(n: int) -> dict:
    """Return the n-th fictional number: 555-0100 to 555-0199 in each area code, then the same with extensions."""
    codes = TOLL_FREE + AREAS
    phone = {"number": f"+1 {codes[n % len(codes)]} 555 01{n // len(codes) % 100:02d}"}
    if n >= 100 * len(codes):
        phone["extension"] = str(n // (100 * len(codes)))
    return phone


def where(rng: random.Random, category: str, place: str) -> dict:
    """Return a street address, or a service area for lines and online services."""
    if category == "crisis-line":
        return {} if rng.random() < 0.7 else {"service_area": ["North Carolina"]}  # else the category default
    if category in ("helpline", "warmline", "online-community") or rng.random() < 0.1:
        return {"service_area": rng.choice([["United States"], ["Online"], ["North Carolina"],
                                            rng.sample(COUNTIES, 2), [f"{rng.choice(COUNTIES)}, NC"]])}
    location = {"street": f"{rng.randint(1, 999)} Example Street", "city": place, "state": "NC"}
    if rng.random() < 0.8:
        location["postal_code"] = f"{rng.randint(27000, 28999)}"
    if rng.random() < 0.6:
        location.update(latitude=round(rng.uniform(34.0, 36.5), 4), longitude=round(rng.uniform(-84.0, -76.0), 4))
    return {"location": location}


def schedules(rng: random.Random, category: str) -> list[dict]:
    """Return opening times: 24/7 lines, weekly hours, or monthly meetings like 'first and third Tuesday'."""
    if category == "crisis-line" or rng.random() < 0.05:
        return [{"open_24_7": True}]
    opens, closes = rng.choice(TIMES)
    if category in ("support-group", "club") and rng.random() < 0.6:
        meeting = {"days": [rng.choice(DAYS)], "opens": opens, "closes": closes}
        if rng.random() < 0.5:
            meeting["weeks"] = rng.choice([[1, 3], [2, 4], [1], [-1]])
        return [meeting]
    found = [{"days": DAYS[:5], "opens": opens, "closes": closes}]
    if rng.random() < 0.4:
        found.append({"days": ["sat", "sun"], "opens": "12:00", "closes": "16:00",
                      "description": "Closed on public holidays"})
    return found


def sentence(rng: random.Random, shortest: int, longest: int, vocabulary: list[str] = WORDS) -> str:
    words = rng.choices(vocabulary, k=rng.randint(shortest, longest))
    return " ".join(words).capitalize() + "."


def long_description(rng: random.Random, earlier: list[str]) -> str:
    """Return a few paragraphs of Markdown with a list, emphasis and links to the site and the web."""
    parts = [sentence(rng, 20, 45) for _ in range(rng.randint(1, 3))]
    parts.append("\n".join(f"- {sentence(rng, 3, 8)}" for _ in range(rng.randint(2, 5))))
    link = f"/listings/{rng.choice(earlier)}/" if earlier and rng.random() < 0.5 else "/categories/warmline/"
    parts.append(f"**{sentence(rng, 3, 6)}** See [a related page]({link}) "
                 f"or [their own site](https://example.org/more?from=directory&lang=en).")
    parts += [sentence(rng, 20, 60) for _ in range(rng.randint(0, 3))]
    return "\n\n".join(parts)[:2900]  # the schema allows 3000


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80].rstrip("-")


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):
    """Write YAML the way an editor would: fields one per line, short lists in [brackets], times in quotes."""


def _text(dumper, text: str):
    style = "|" if "\n" in text else '"' if re.fullmatch(r"[0-9:+ -]+", text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, lambda dumper, items: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", items, flow_style=not any(isinstance(x, dict) for x in items)))
_Dumper.add_representer(dict, lambda dumper, fields: dumper.represent_mapping(
    "tag:yaml.org,2002:map", fields, flow_style=False))


def dump(data, path: Path) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


# The search words of a real directory, in miniature: a few crisis phrases and synonyms for common terms, and the
# little words of each language, as the bundled directory's search.yaml has them (the search page leaves them out).
BUNDLED_SEARCH = yaml.safe_load((REPO / "content" / "search.yaml").read_text(encoding="utf-8"))
SEARCH = {"crisis": ["suicide", "kill myself", "want to die", "hurt myself", "overdose"],
          "grammar": {"ignore": BUNDLED_SEARCH["grammar"]["ignore"]},
          "synonyms": {"Young people": ["teen", "youth", "student"], "Older adults": ["senior", "elderly"],
                       "grief": ["loss", "bereavement"], "loneliness": ["lonely", "alone"],
                       "warmline": ["someone to talk to"]},
          "translations": {"es": {"crisis": ["suicidio", "quiero morir", "hacerme daño", "sobredosis"],
                                  "grammar": {"ignore": BUNDLED_SEARCH["translations"]["es"]["grammar"]["ignore"]},
                                  "synonyms": {"loneliness": ["soledad", "sola", "solo"],
                                               "Older adults": ["personas mayores", "tercera edad"],
                                               "warmline": ["hablar con alguien"]}}}}
SITE = {"name": "Example Connect",
        "description": "A fictional directory for benchmarks; every number and address is made up.",
        "region": "Example County", "base_url": "https://example.org/", "languages": ["en", "es"], "country": "US",
        "time_zone": "America/New_York", "stale_after_days": 365,
        "crisis_line": {"name": "Example Crisis Line", "phone": "988", "text": "988",
                        "languages": {"es": {"press": "2", "text_keyword": "AYUDA"}}},
        "repository": {"url": "https://github.com/example/connect", "branch": "main"},
        "publisher": "The Example Volunteers.",
        "translations": {"es": {"description": "Un directorio ficticio para pruebas de velocidad; cada número y "
                                               "dirección es inventado.",
                                "region": "el condado de Example", "publisher": "Los voluntarios de Example."}}}

GUIDES = [
    ("reaching-out", {"title": "Reaching out when you feel alone", "reviewed": "2026-10-01", "order": 10,
                      "summary": "Why a short call or text can help, and what happens when you make one.",
                      "categories": ["warmline"], "tags": ["loneliness"]},
     "Feeling alone is common. **Reaching out is a strength.**\n\n## What to expect\n\n"
     "- A [warmline](/categories/warmline/) is for talking before a crisis.\n"
     "- A [crisis line](/categories/crisis-line/) answers any time.\n"),
    ("finding-a-group", {"title": "Finding a support group", "reviewed": "2026-09-15", "order": 20,
                         "summary": "How support groups work and how to choose one that fits you.",
                         "categories": ["support-group"]},
     "Groups meet weekly or monthly. See [all support groups](/categories/support-group/).\n"),
    ("caring-for-someone", {"title": "Caring for someone else", "reviewed": "2026-08-01", "order": 30,
                            "summary": "Support for caregivers and families, and how to look after yourself too.",
                            "tags": ["caregiving", "family"]},
     "Caring is hard work. You deserve support too.\n\n1. Ask for help early.\n2. Take breaks.\n"),
    ("getting-out", {"title": "Getting out and meeting people", "reviewed": "2026-07-01", "order": 40,
                     "summary": "Clubs, libraries and volunteering: low-pressure ways to meet people.",
                     "categories": ["club", "library", "volunteer"]},
     "Small steps count. A [library](/categories/library/) is a free, quiet place to start.\n"),
]
# Two of the four guides and the about page in Spanish: like the sample content, a site's guides are translated
# one by one; a guide without a translation has no Spanish page.
GUIDES_ES = {
    "reaching-out": ({"title": "Pedir apoyo cuando se siente solo", "reviewed": True,
                      "summary": "Por qué una llamada o un mensaje corto puede ayudar, y qué pasa cuando lo hace."},
                     "Sentirse solo es común. **Pedir apoyo es una fortaleza.**\n\n## Qué esperar\n\n"
                     "- Una [línea de apoyo](/categories/warmline/) es para hablar antes de una crisis.\n"
                     "- Una [línea de crisis](/categories/crisis-line/) atiende a cualquier hora.\n"),
    "finding-a-group": ({"title": "Encontrar un grupo de apoyo", "reviewed": True,
                         "summary": "Cómo funcionan los grupos de apoyo y cómo elegir uno que le convenga."},
                        "Los grupos se reúnen cada semana o cada mes. Vea [todos los grupos de apoyo]"
                        "(/categories/support-group/).\n"),
}
GUIDES_EN = {slug: front for slug, front, _ in GUIDES}
ABOUT_ES = ("---\ntitle: Acerca de este directorio\nsummary: Quién mantiene este directorio ficticio y cómo se "
            "revisan los servicios.\nreviewed: true\n---\nSomos voluntarios. Vea [todos los servicios]"
            "(/listings/).\n")
ABOUT = ("---\ntitle: About this directory\nsummary: Who runs this fictional directory and how listings are checked.\n"
         "reviewed: \"2026-11-01\"\n---\nWe are volunteers. See [all listings](/listings/).\n")
