"""News dumps: JSONL/CSV records, syndicated copies, publish dates and time questions."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from index import ingest
from index.dates import parse_date
from index.store import Manifest

BODY = ("The central bank raised its benchmark interest rate by half a point to 7.5 pct on Tuesday, "
        "citing persistent inflation in food and energy prices. Governor Maria Lopez told reporters "
        "that further increases were possible if consumer prices kept rising. Analysts had expected "
        "a smaller quarter-point move after three months of slowing growth in the economy. The "
        "currency strengthened against the dollar after the announcement, traders said.")
OTHER = ("The state oil company said output at its northern fields fell to 410,000 barrels per day "
         "in March because of pipeline repairs. Exports through the main terminal were cut by a "
         "third while engineers replaced a damaged section near the border. The company expects "
         "production to recover by the end of April, a spokesman said on Tuesday.")
BOILER = ("Shareholders approved the merger at a special meeting on Tuesday, the company said. "
          "The transaction is expected to close in the second quarter subject to regulatory approval. ")


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def story(id_: str, title: str, date: str, text: str) -> dict:
    """One record of a news dump."""
    return {"id": id_, "title": title, "date": date, "text": text}


@contextmanager
def assistant_over(tmp_path: Path, name: str, records: list[dict]) -> Iterator[Any]:
    """An Assistant over a dump of `records` written to `tmp_path/name`, closed afterwards."""
    from qa import Assistant

    corpus = tmp_path / name
    write_jsonl(corpus, records)
    a = Assistant.open(corpus=corpus, index=tmp_path / "index")
    try:
        yield a
    finally:
        a.close()


@pytest.fixture(scope="module")
def dump_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("dump")
    corpus = root / "wire.jsonl"
    records = [
        {"id": "a1", "title": "RATE RISE", "date": "26-FEB-1987 15:01:01.79", "text": BODY + "\n Reuter\n"},
        {"id": "a2", "title": "BANK LIFTS RATES", "date": "1987-02-26T16:00:00", "text": BODY + "\n Reuter\n"},
        {"id": "a3", "title": "RATE RISE (REPEAT)", "date": "Feb 27, 1987",
         "text": "  " + BODY.replace("7.5 pct", "7.50 pct").replace("  ", " ") + " Reuter"},
        {"id": "a4", "title": "RATE RISE (UPDATE)", "date": "Fri, 27 Feb 1987 09:00:00 +0000",
         "text": BODY + " Bond yields also climbed in early trading as investors priced in more increases."},
        {"id": "b1", "title": "OIL OUTPUT FALLS", "date": "1987-03-05", "text": OTHER},
        {"id": "c1", "title": "ACME MERGER", "date": "1987-04-01",
         "text": BOILER + "Acme Corp will pay 42 dlrs a share in cash for Beta Industries, which makes valves."},
        {"id": "c2", "title": "ZETA MERGER", "date": "1987-04-02",
         "text": BOILER + "Zeta Inc will swap 1.3 of its shares for each share of Omega Foods, a bakery chain."},
        {"id": "e1", "title": "EMPTY BRIEF", "date": "1987-04-03", "text": ""},
    ]
    write_jsonl(corpus, records)
    with corpus.open("a") as f:
        f.write("{not json\n")
    folder = root / "index"
    report = ingest(corpus, folder)
    return corpus, folder, report  # type: ignore[return-value]


def test_dump_records_become_documents_with_file_hash_ids(dump_index) -> None:
    corpus, folder, report = dump_index
    assert report.added == 7
    reasons = {s.id: s.reason for s in report.skipped}
    assert reasons["wire.jsonl#e1"] == "record without text"
    assert any("malformed line 9" in r for r in reasons.values())
    m = Manifest(folder)
    assert m.document("wire.jsonl#a1")["title"] == "RATE RISE"
    assert m.document("wire.jsonl#a1")["date"] == "1987-02-26T15:01:01"
    m.close()


def test_copies_are_grouped_and_different_stories_are_not(dump_index) -> None:
    _, folder, report = dump_index
    m = Manifest(folder)
    canon = dict(m.db.execute("SELECT doc_id, canonical FROM documents"))
    m.close()
    head = "wire.jsonl#a1"
    assert canon[head] is None
    for copy in ("a2", "a3", "a4"):  # byte-identical, changed figure, added sentence
        assert canon[f"wire.jsonl#{copy}"] == head, copy
    for other in ("b1", "c1", "c2"):  # another story; two stories sharing boilerplate
        assert canon[f"wire.jsonl#{other}"] is None, other
    assert report.duplicate_groups == 1


def test_an_answer_cites_a_syndicated_fact_once_and_lists_the_copies(dump_index) -> None:
    from qa import Assistant

    corpus, folder, _ = dump_index
    a = Assistant.open(corpus=corpus, index=folder, ingest=False)
    answer = a.ask("What did Governor Maria Lopez tell reporters?")
    assert not answer.abstained
    assert [c.doc for c in answer.citations] == ["wire.jsonl#a1"]
    assert set(answer.citations[0].also_in) >= {"wire.jsonl#a2", "wire.jsonl#a3"}
    assert len({p.doc for p in answer.passages}) == len(answer.passages) or \
        not {"wire.jsonl#a2", "wire.jsonl#a3", "wire.jsonl#a4"} & {p.doc for p in answer.passages}
    c = answer.citations[0]
    assert a.document_text(c.doc)[c.start:c.end] == c.quote
    a.close()


def test_changed_records_are_the_only_ones_embedded_again(tmp_path: Path) -> None:
    corpus = tmp_path / "wire.jsonl"
    rows = [{"id": f"r{i}", "title": f"STORY {i}", "text": f"{OTHER} Story number {i} of the day."} for i in range(6)]
    write_jsonl(corpus, rows)
    folder = tmp_path / "index"
    ingest(corpus, folder)
    rows[2]["text"] += " A late paragraph adds the minister's reaction."
    write_jsonl(corpus, rows)
    again = ingest(corpus, folder)
    assert (again.updated, again.unchanged, again.added) == (1, 5, 0)
    assert again.embedded == 1


def test_csv_and_gzip_dumps_load_with_default_field_names(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "scrape.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "headline", "published", "url", "source", "body"])
        w.writeheader()
        w.writerow({"id": "x", "headline": "Port strike ends", "published": "2024-05-01", "url": "https://e.x/1",
                    "source": "Harbour Times", "body": "Dock workers returned to work on Wednesday."})
    with gzip.open(corpus / "more.jsonl.gz", "wt") as f:
        f.write(json.dumps({"id": 7, "headline": "Rain returns", "content": "Rain fell across the plains."}) + "\n")
    ingest(corpus, tmp_path / "index")
    m = Manifest(tmp_path / "index")
    doc = m.document("scrape.csv#x")
    assert (doc["title"], doc["date"], doc["publisher"], doc["url"]) == \
        ("Port strike ends", "2024-05-01", "Harbour Times", "https://e.x/1")
    assert m.document_text("more.jsonl.gz#7") == "Rain fell across the plains."
    m.close()


@pytest.mark.parametrize(("raw", "iso"), [
    ("1987-02-26T15:01:01", "1987-02-26T15:01:01"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
    ("Feb 26, 1987", "1987-02-26"),
    ("Thu, 26 Feb 1987 15:01:01 +0000", "1987-02-26T15:01:01"),
    ("2025-10-31", "2025-10-31"),
    ("not a date", None),
])
def test_publish_dates_parse_to_iso(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize(("question", "since", "until", "latest"), [
    ("What happened to output in March 1987?", "1987-03-01", "1987-05-15", False),
    ("What has the bank done since April?", "1987-04-01", None, False),
    ("What did the company report last week?", "1987-10-06", "1987-10-20", False),
    ("What is the latest output figure?", None, None, True),
    ("How many bags arrived in the week ended February 22?", None, None, False),
    ("What did the rig count released March 16, 1987 show?", "1987-03-16", "1987-03-19", False),
    ("What were sales in the week ended March 13, 1987?", "1987-03-13", "1987-03-20", False),
    ("What did officials blame at the start of 1987?", "1987-01-01", "1987-05-15", False),
    ("What did the bank say in late 1986?", "1986-09-01", "1987-02-14", False),
    ("What was output at the end of 1986?", "1986-10-01", "1987-03-17", False),
    ("What inflation rate did the OECD project by mid-1988?", None, None, False),  # a target, not the news date
    ("What did the OECD's March 1987 review project?", "1987-03-01", "1987-05-15", False),
    ("Will the plant be running by March 1988?", None, None, False),
    # a month without its year: the last such month the collection reaches (news of October 1987 here)
    ("How much is the treasury selling at its Thursday tender in June?", "1987-06-01", "1987-08-14", False),
    ("What did the bank say in late November?", "1986-11-01", "1987-01-14", False),
])
def test_time_expressions_become_a_date_window(question: str, since, until, latest: bool) -> None:
    from qa.when import time_scope

    scope = time_scope(question, "1987-10-20T10:00:00")
    assert (scope.since, scope.until, scope.latest) == (since, until, latest)


def test_latest_question_cites_the_newest_report_with_dates(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "oil.jsonl", [
        story("m1", "OUTPUT FALLS", "1987-03-05",
              "The state oil company said crude output fell to 410,000 barrels per day because of repairs."),
        story("m2", "OUTPUT RECOVERS", "1987-04-20",
              "The state oil company said crude output recovered to 450,000 barrels per day after repairs."),
        story("m3", "WHEAT CROP", "1987-04-21", "Farmers expect a record wheat harvest this year after good spring rains."),
    ]) as a:
        latest = a.ask("What is the latest crude output figure of the state oil company?")
        assert latest.citations and latest.citations[0].doc == "oil.jsonl#m2", latest.text
        assert "450,000" in latest.text
        march = a.ask("What did the state oil company say about crude output in March 1987?")
        assert march.citations[0].doc == "oil.jsonl#m1", march.text
        dated = a.ask("What did the state oil company say about crude output?", since="1987-04-01")
        assert {c.doc for c in dated.citations} == {"oil.jsonl#m2"}


def test_a_dated_report_is_that_days_story_not_next_weeks(tmp_path: Path) -> None:
    # A weekly series: the question's day picks the report, not the next week's better-worded one.
    with assistant_over(tmp_path, "rigs.jsonl", [
        story("w1", "RIG COUNT FALLS", "1987-03-16",
              "U.S. drilling activity fell last week, with the number of active rotary rigs dropping by five "
              "to 761, against 1,137 working rigs one year ago, Hughes Tool Co said."),
        story("w2", "RIG COUNT RISES", "1987-03-23",
              "U.S. drilling activity rose last week with the number of active rotary rigs working in the U.S. "
              "up by 23 to 784, against 1,063 working rigs one year ago, Hughes Tool Co said."),
        story("c1", "COCOA ARRIVALS", "1987-03-17", "Cocoa arrivals in Bahia rose to 155,221 bags, Comissaria Smith said."),
        story("g1", "GOLD OUTPUT", "1987-03-18", "South African gold output fell to 52 tonnes in February, the chamber said."),
        story("b1", "BANK RATE", "1987-03-19", "The Bundesbank left its discount rate unchanged at 3.0 pct, dealers said."),
    ]) as a:
        answer = a.ask("According to Hughes Tool's rig count released March 16, 1987, how many active rotary "
                       "rigs were working in the U.S.?")
        assert answer.citations and answer.citations[0].doc == "rigs.jsonl#w1", answer.text
        assert "761" in answer.text


def test_a_figure_for_another_month_is_not_the_answer(tmp_path: Path) -> None:
    # Published together: the publish date cannot tell them apart, only the months they name.
    with assistant_over(tmp_path, "bop.jsonl", [
        story("feb", "ITALY PAYMENTS", "1987-06-30",
              "Italy's overall balance of payments showed a surplus of 1,461 billion lire in February "
              "compared with a deficit of 1,145 billion in January, the Bank of Italy said."),
        story("may", "ITALY PAYMENTS", "1987-06-30",
              "Italy's overall balance of payments showed a deficit of 3,211 billion lire in May compared "
              "with a surplus of 2,040 billion in April, the Bank of Italy said."),
        story("cocoa", "BAHIA COCOA", "1987-02-26",
              "Cocoa arrivals in Bahia for the week ended February 22 were 155,221 bags of 60 kilos."),
    ]) as a:
        for month, doc, figure in (("May", "may", "3,211"), ("February", "feb", "1,461"), ("January", "feb", "1,145")):
            answer = a.ask(f"What was Italy's overall balance of payments in {month} 1987?")
            assert answer.citations[0].doc == f"bop.jsonl#{doc}" and figure in answer.text, (month, answer.text)
        other_week = a.ask("How many bags of cocoa arrived in Bahia in the week ended March 1?")
        assert other_week.abstained, other_week.text


def test_a_month_that_only_bounds_something_is_no_other_month(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "budget.jsonl", [
        story("gap", "JAPAN BUDGET", "1987-03-20",
              "The government adopted an 8,829 billion yen stop-gap budget for fiscal 1987 starting April 1 "
              "to compensate for the delay in the passage of the full budget."),
        story("works", "JAPAN BUDGET", "1987-03-20",
              "The provisional budget includes 1,862 billion yen in public works spending, officials said."),
    ]) as a:
        answer = a.ask("How large was the stop-gap budget Japan's government adopted in March 1987?")
        assert "8,829" in answer.text, answer.text


def test_a_possessive_ends_a_name(tmp_path: Path) -> None:
    # "Tokyo's October plunge" names Tokyo; it is not a name "Tokyo October" to look for.
    with assistant_over(tmp_path, "boj.jsonl", [
        story("boj", "BANK OF JAPAN INJECTS FUNDS", "1987-10-20",
              "The Bank of Japan injected 200 billion yen into the money market through commercial bill "
              "purchases, a day after the Tokyo stock market plunged, money traders said."),
    ]) as a:
        answer = a.ask("How much money did the Bank of Japan pump into the market after Tokyo's October stock plunge?")
        assert not answer.abstained and "200 billion yen" in answer.text, answer.text


def test_questions_worded_like_wire_copy_find_their_figure(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "wire.jsonl", [
        story("jobs", "JAPAN UNEMPLOYMENT", "1987-02-27",
              "Japan's unemployment rate hit a record 3.0 pct in January. Finance Minister Kiichi Miyazawa said the "
              "government had set aside money to help 300,000 people find jobs in fiscal 1987 beginning in April."),
        story("coffee", "MADAGASCAR COFFEE", "1987-03-02",
              "Madagascar's available coffee output is estimated at 80,725 tonnes this year, down from 82,210 in "
              "1986, due to a rundown of government agricultural services, Agriculture Ministry sources said."),
        story("uaw", "UAW BARGAINING", "1987-03-03",
              "The document calls outsourcing of GM's production work \"perhaps the greatest single threat to the "
              "job security of our members\"."),
    ]) as a:
        # "jobless rate" in the question does not make it ask for a percentage; "beginning in April"
        # does not make the sentence one about April rather than January.
        jobs = a.ask("When Japan's jobless rate hit a record in January 1987, how many people did Miyazawa say "
                     "the government would help find jobs?")
        assert "300,000" in jobs.text, jobs.text
        # "expected to drop" asks about what was to come; "is estimated at ... this year" tells it.
        coffee = a.ask("Why was Madagascar's coffee output expected to drop in 1987?")
        assert "rundown" in coffee.text, coffee.text
        # A document "describes" in its words, without a speech verb.
        uaw = a.ask("What did the UAW's bargaining document describe as the greatest threat to job security?")
        assert "outsourcing" in uaw.text, uaw.text


def test_a_share_is_the_share_of_the_thing_asked_about(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "energy.jsonl", [
        story("korea", "SOUTH KOREA ENERGY USE", "1987-03-05",
              "South Korea's energy consumption rose nine pct to 61.07 mln tonnes of oil equivalent in 1986, "
              "energy ministry officials said. They said oil accounted for 46.7 pct of energy consumption in "
              "1986. Anthracite accounted for 21.0 pct, bituminous coal 16.5 pct and nuclear power 11.6 pct "
              "against 7.5 pct in 1985."),
    ]) as a:
        answer = a.ask("What share of South Korea's energy consumption in 1986 came from nuclear power?")
        assert "11.6" in answer.text, answer.text
        # A change of oil output is no change of industrial output.
        growth = a.ask("How much did South Korea's industrial output grow in 1986?")
        assert growth.abstained, growth.text


def test_a_question_dated_to_a_month_prefers_the_story_published_then(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "bank.jsonl", [
        story("march", "WORLD BANK LENDING TO CHINA", "1987-03-11",
              "World Bank figures show approved lending to China by the World Bank amounted to 1.137 billion "
              "dlrs in 1985/86 and 1.102 billion dlrs in 1984/85."),
        story("june", "WORLD BANK LOAN", "1987-06-18",
              "The World Bank said it approved a 97.4 mln dlr loan for China to help boost fertilizer output. "
              "The 20-year loan supports a project to make fertilizer plants more efficient."),
    ]) as a:
        answer = a.ask("What loan did the World Bank approve for China in June 1987?")
        assert answer.citations[0].doc == "bank.jsonl#june" and "97.4" in answer.text, answer.text
        # "that loan" is the one of the previous question; "how long" asks for a duration.
        term = a.ask("How long is that loan's term?", history=[answer])
        assert term.rewritten_question.endswith("in June 1987?") and "20-year" in term.text, term.text
        march = a.ask("What loan did the World Bank approve for China in March 1987?")
        assert march.citations[0].doc == "bank.jsonl#march", march.text
        # Nothing was published in December, and no sentence names it: another month's loan is no answer.
        december = a.ask("What loan did the World Bank approve for China in December 1987?")
        assert december.abstained and "No article was published" in december.reason, december.text


def test_a_figure_for_a_dated_question_comes_from_that_window_or_names_the_date(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "cocoa.jsonl", [
        story("feb", "BAHIA COCOA REVIEW", "1987-02-26",
              "Cocoa arrivals in Bahia for the week ended February 22 were 155,221 bags of 60 kilos. "
              "Total Bahia sales are currently estimated at 6.13 mln bags against the 1986/87 crop."),
        story("mar", "LONDON COCOA", "1987-03-05",
              "Cocoa prices rose in London on Thursday as dealers covered short positions before the weekend."),
    ]) as a:
        week = a.ask("How many bags of cocoa arrived in Bahia in the week ended February 22, 1987?")
        assert "155,221" in week.text, week.text
        # An undated figure of a February story is no answer for the week ended March 1.
        later = a.ask("How many bags of cocoa arrived in Bahia in the week ended March 1, 1987?")
        assert later.abstained, later.text


def test_a_fact_told_twice_is_shown_in_its_fuller_telling_citing_both(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "gulf.jsonl", [
        story("short", "KUWAIT SEEKS FLAGS", "1987-04-07",
              "WASHINGTON - Kuwait has asked at least four countries, including the United States and Soviet "
              "Union, for use of their flags or tankers to protect oil shipments in the Gulf, officials said. "
              "The State Department declined to comment on the talks."),
        story("full", "GULF SHIPPING", "1987-04-07",
              "Kuwait has asked at least four countries, including the United States, Soviet Union, Britain and "
              "China, for temporary use of their flags or tankers to protect Kuwaiti oil shipments in the Gulf. "
              "Insurance rates for tankers in the region have doubled since January, brokers said."),
    ]) as a:
        answer = a.ask("Which countries did Kuwait ask for the use of their flags or tankers?")
        assert "Britain and China" in answer.text, answer.text
        assert {c.doc for c in answer.citations} == {"gulf.jsonl#short", "gulf.jsonl#full"}


def test_an_amount_is_a_figure_with_its_currency_of_the_thing_asked_about(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "money.jsonl", [
        story("obu", "TAIWAN OFFSHORE BANKING", "1987-03-10",
              "The assets of Taiwan's offshore banking units, held by 15 foreign and local banks, were mainly "
              "in U.S. dollars, with the rest in certificates of deposit and bonds, the central bank said."),
        story("sears", "SEARS SETTLES FTC CASE", "1987-03-12",
              "Sears, Roebuck and Co agreed to pay penalties of 200,000 dlrs to settle Federal Trade Commission "
              "charges that it misrepresented the down filling of coats."),
    ]) as a:
        assets = a.ask("What were the combined assets of Taiwan's offshore banking units?")
        assert assets.abstained, assets.text  # 15 banks, and dollars, but no amount
        paid = a.ask("How much did Sears agree to pay in penalties to settle the FTC case?")
        assert "200,000 dlrs" in paid.text, paid.text
        fees = a.ask("How much had Sears spent on legal fees fighting the FTC case?")
        assert fees.abstained, fees.text  # the penalty is no legal fee


def test_a_rate_is_a_percentage_of_the_country_asked_about(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "rates.jsonl", [
        story("pt", "PORTUGUESE UNEMPLOYMENT STEADY", "1987-04-10",
              "Unemployment in Portugal held steady at 9.6 pct in the first quarter of 1987, the "
              "National Statistics Institute said."),
        story("br", "BRAZIL'S MOTOR INDUSTRY SLOWS", "1987-04-12",
              "Brazil's motor industry laid off 3,000 workers in March as car sales fell, the "
              "manufacturers' association said."),
        story("wb", "WORLD BANK LOAN FOR CHINA", "1987-06-02",
              "The World Bank approved a 97.4 mln dlr loan for China to boost fertilizer output. "
              "The 20-year loan supports a project to renovate medium-scale fertilizer plants."),
    ]) as a:
        portugal = a.ask("What was Portugal's unemployment rate in the first quarter of 1987?")
        assert "9.6 pct" in portugal.text and portugal.citations[0].doc == "rates.jsonl#pt"
        brazil = a.ask("What was Brazil's unemployment rate in March 1987?")
        assert brazil.abstained, brazil.text  # Portugal's rate is no answer about Brazil
        loan = a.ask("What interest rate does the World Bank's 97.4 mln dlr loan to China carry?")
        assert loan.abstained, loan.text  # "20-year" is a figure, not a rate


def test_template_stories_of_different_days_are_not_copies(tmp_path: Path) -> None:
    template = ("The Federal Reserve entered the government securities market to arrange {} of customer "
                "repurchase agreements, a Fed spokesman said. Dealers said federal funds were trading at "
                "6-1/8 pct when the Fed began its temporary and indirect supply of reserves to the banking system.")
    corpus = tmp_path / "fed.jsonl"
    write_jsonl(corpus, [
        {"id": "d1", "title": "FED ADDS RESERVES", "date": "1987-03-02", "text": template.format("1.5 billion dlrs")},
        {"id": "d2", "title": "FED ADDS RESERVES", "date": "1987-03-09", "text": template.format("two billion dlrs")},
        {"id": "d3", "title": "FED ADDS RESERVES (REPEAT)", "date": "1987-03-09", "text": template.format("two billion dlrs")},
    ])
    report = ingest(corpus, tmp_path / "index")
    m = Manifest(tmp_path / "index")
    canon = dict(m.db.execute("SELECT doc_id, canonical FROM documents"))
    m.close()
    assert canon["fed.jsonl#d1"] is None and canon["fed.jsonl#d2"] is None
    assert canon["fed.jsonl#d3"] == "fed.jsonl#d2"
    assert report.duplicate_groups == 1


def test_a_results_table_row_answers_for_its_own_period(tmp_path: Path) -> None:
    table = ("Shr 59 cts vs 27 cts\n    Net 6,398,000 vs 2,979,000\n    Revs 91.0 mln vs 94.1 mln\n"
             "    Nine mths\n    Shr 1.58 dlrs vs 1.06 dlrs\n    Net 17.2 mln vs 12.2 mln\n")
    with assistant_over(tmp_path, "earn.jsonl", [
        story("belo", "A.H. BELO CORP <BLC> 3RD QTR NET", "1987-10-19", table),
        story("other", "LOCTITE SEES HIGHER EARNINGS", "1987-10-02",
              "Loctite Corp said it expects third quarter earnings to be higher than analysts' forecasts."),
    ]) as a:
        answer = a.ask("What did A.H. Belo Corp earn per share in the third quarter of 1987?")
    # the table's rows are statements, not headings; the quarter's row, not the nine months'
    assert [c.quote for c in answer.citations] == ["Shr 59 cts vs 27 cts"], answer.text


def test_wrapped_wire_prose_above_a_table_is_read_as_whole_sentences(tmp_path: Path) -> None:
    text = ("Reporting members of the National\nSoybean Processors Association (NSPA) crushed 19,416,000\n"
            "bushels of soybeans in the week ended April 8 compared with\n20,115,000 bushels in the previous week.\n"
            "    NSPA also said U.S. soybean meal exports in the week were\n70,351 tonnes vs 135,452 tonnes a week "
            "ago.\n    NSPA gave the following breakdown of the crush:\n"
            "    Illinois   2,576    3,479\n    Iowa   3,450    3,550\n    Minn, N.D., S.D.   1,875    1,651\n"
            "    South West   2,426    2,334\n    Nebraska   1,210    1,190\n    Kansas   880    905\n")
    with assistant_over(tmp_path, "crush.jsonl", [story("crush", "U.S. WEEKLY SOYBEAN CRUSH", "1987-04-09", text)]) as a:
        answer = a.ask("What were U.S. soybean meal exports in the week ended April 8?")
    # the table's short rows do not hide that the prose above it is wrapped at ~60 columns
    assert [c.quote for c in answer.citations] == [
        "NSPA also said U.S. soybean meal exports in the week were\n70,351 tonnes vs 135,452 tonnes a week ago."], answer.text


def test_a_word_starting_like_a_month_names_no_month_and_an_acronym_names_its_body(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "mixed.jsonl", [
        story("oil", "LASMO PROFIT FALLS", "1987-04-20",
              "London and Scottish Marine Oil Plc said its pretax profit fell to 4.4 mln stg in 1986. "
              "It said falling oil prices caused the downturn."),
        story("adb", "ADB MEETING", "1987-06-02",
              "The African Development Bank said it would discuss new capital. "
              "Its secretary general said the Abidjan-based ADB will hold its annual general meeting in Cairo "
              "from June 9 to June 11."),
    ]) as a:
        why = a.ask("Why did London and Scottish Marine Oil's pretax profit fall in 1986?")
        city = a.ask("When was the African Development Bank's 1987 annual general meeting scheduled, and in which city?")
    assert "falling oil prices" in why.text, why.text  # "Marine" is not March, so no date rules the story out
    assert "Cairo" in city.text, city.text  # "ADB" is the African Development Bank


def test_hyphenated_counts_ranks_by_place_bank_names_and_a_month_in_lowercase(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "misc.jsonl", [
        story("plan", "PEACE PLAN TEXT", "1987-10-20",
              "A Gulf daily published what it said was the text of his nine-point peace plan for the region."),
        story("nuts", "SRI LANKA COCONUT", "1987-04-10",
              "Sri Lanka is the world's second largest exporter of desiccated coconut after the Philippines."),
        story("loc", "HARBOUR GROUP NOTES", "1987-03-02",
              "Harbour Group Ltd said <Kestrel Trust and Banking Co Ltd> will provide the letter of credit for its "
              "100 mln dlr note issue."),
        story("gum", "WRIGLEY RAISES PRICES", "1987-04-06",
              "Wrigley said the seven-stick pack will go to a 35 cts retail price."),
    ]) as a:
        points = a.ask("How many points did the peace plan contain?")
        first = a.ask("Sri Lanka is the second largest exporter of desiccated coconut. Which country ranks first?")
        bank = a.ask("Which bank is providing the letter of credit for Harbour Group's note issue?")
        gum = a.ask("wrigley raised gum prices in early april 1987 - what retail price is the seven-stick pack going to?")
    assert "nine-point" in points.text, points.text  # a count told as "nine-point"
    assert "Philippines" in first.text, first.text  # "ranks first" asks for a place, not a rank
    assert "Kestrel Trust" in bank.text, bank.text  # a bank is named by its form, as a company is
    assert "35 cts" in gum.text, gum.text  # "early April" is a time, not a name to find


def test_a_quarter_answers_when(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "q.jsonl", [story("bio", "BIONOMIC SEES PROFIT", "1987-03-04",
                                                    "Bionomic Sciences said it expects to start operating profitably "
                                                    "by the fourth quarter. It reported a small profit for the half.")]) as a:
        answer = a.ask("When does Bionomic Sciences expect to start operating profitably?")
    assert "fourth quarter" in answer.text, answer.text


def test_which_group_needs_a_group_named(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "k.jsonl", [
        story("glass", "JOURNALIST KIDNAPPED", "1987-06-18",
              "The State Department said reporter Tom Reade was kidnapped on the coast road south of the city "
              "on June 17."),
        story("ship", "TANKER SEIZED", "1987-06-20",
              "A group calling itself the Coastal Front said it had seized the tanker Marlin off the coast.")]) as a:
        kidnap = a.ask("Which group claimed responsibility for kidnapping reporter Tom Reade in June 1987?")
        tanker = a.ask("Which group said it seized the tanker Marlin?")
    assert kidnap.abstained, kidnap.text  # the story tells the kidnapping, not who claimed it
    assert "Coastal Front" in tanker.text, tanker.text


def test_which_director_asks_for_a_name(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "d.jsonl", [
        story("board", "SHAREHOLDERS SEEK BOARD CHANGE", "1987-03-10",
              "Dissident shareholders of Corvid Inc called for the resignation of all but one of its directors. "
              "They said director Ann Ruiz should chair a new board.")]) as a:
        kept = a.ask("Which Corvid director did the dissident shareholders want to keep on the board?")
        chair = a.ask("Which director did the shareholders say should chair a new board?")
    assert kept.abstained, kept.text  # "all but one of its directors" names none
    assert "Ann Ruiz" in chair.text, chair.text


def _reuters_stories(wanted: set[str]) -> list[dict]:
    """The real wire stories of the Reuters dump with these ids (the test is skipped without the dump)."""
    dump = Path(__file__).resolve().parents[2] / "shared" / "bench" / "reuters" / "reuters21578.jsonl"
    if not dump.is_file():
        pytest.skip(f"Reuters dump not available at {dump}")
    with dump.open(encoding="utf-8") as f:
        return [story(d["id"], d["title"], d["date"], d["text"]) | {"dateline": d["dateline"]}
                for d in map(json.loads, f) if d["id"] in wanted]


def _wire(*ids: str) -> Any:
    """A module fixture: an Assistant over the real 1987 wire stories of the Reuters dump with these ids."""

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
        with assistant_over(tmp_path_factory.mktemp("wire"), "wire.jsonl", _reuters_stories(set(ids))) as a:
            yield a

    return fixture


def test_a_long_questions_scene_need_not_all_be_in_the_answer(tmp_path: Path) -> None:
    # four real wire stories on the GATT meeting in Taupo: the minister's words are in one
    # sentence, the scene (the talks, Taupo, New Zealand) told in others
    records = _reuters_stories({"reuters-8102", "reuters-8135", "reuters-8240", "reuters-8637"})
    with assistant_over(tmp_path, "gatt.jsonl", records) as a:
        who = a.ask("Who was the Nigerian minister who told the GATT talks in Taupo, New Zealand that Africa's debt "
                    "would keep rising unless rich nations cut interest rates?")
        assert "Samaila Mamman" in who.text, who.text


def test_the_start_of_a_year_picks_that_seasons_report_of_a_series(tmp_path: Path) -> None:
    with assistant_over(tmp_path, "jobs.jsonl", [
        story("j1", "JAPAN UNEMPLOYMENT AT RECORD IN JANUARY", "1987-03-02",
              "Japan's unemployment rate rose to a record 3.0 pct in January, the agency said. January's record "
              "rate mainly stemmed from loss of jobs in manufacturing industries, particularly in export-related "
              "firms, officials said."),
        story("j2", "JAPAN UNEMPLOYMENT AT RECORD IN MAY", "1987-06-29",
              "Japan's unemployment rate rose to a record 3.2 pct in May, the agency said. An agency official "
              "blamed industrial restructuring and the strong yen for the rise in unemployment."),
    ]) as a:
        answer = a.ask("What did officials blame for Japan's record unemployment rate at the start of 1987?")
        assert answer.citations and answer.citations[0].doc == "jobs.jsonl#j1", answer.text


def test_which_banks_further_down_a_story_need_not_repeat_every_name(tmp_path: Path) -> None:
    # real wire stories on bank financing: "Itel said the banks it obtained commitments from include ..."
    # comes three paragraphs after the sentence naming Itel's Anixter acquisition
    records = _reuters_stories({"reuters-1787", "reuters-3200", "reuters-7846", "reuters-15786", "reuters-17435",
                                "reuters-17571"})
    with assistant_over(tmp_path, "banks.jsonl", records) as a:
        banks = a.ask("Which banks gave Itel Corp commitments for the secured loan financing its acquisition of "
                      "Anixter Bros?")
        assert "Manufacturers Hanover" in banks.text, banks.text


def test_a_paragraph_opening_on_they_goes_on_with_the_topic_before_it(tmp_path: Path) -> None:
    # real Fed-watch stories, one a day: on October 20 "They expected the amount to total around 1.5
    # billion to two billion dlrs." follows "... customer repurchase agreements, economists said."
    records = _reuters_stories({"reuters-20263", "reuters-475", "reuters-1078", "reuters-1503", "reuters-3121",
                                "reuters-3694", "reuters-5404", "reuters-6543"})
    with assistant_over(tmp_path, "fed.jsonl", records) as a:
        size = a.ask("On October 20, 1987, how large a customer repurchase operation did economists expect from the Fed?")
        assert "1.5 billion" in size.text, size.text


# An Assistant over real 1987 wire stories: Dow's outlook, VDA car output, an insider's sentencing, a court
# ruling on pork duties, Navistar's spending, the EC oils tax, a bank merger, an Italian outlook,
# Hewlett-Packard's new printers, Rolls Royce's bank facility.
wire_1987 = _wire("reuters-10944", "reuters-15063", "reuters-20026", "reuters-4948", "reuters-17823", "reuters-9458",
                  "reuters-10903", "reuters-11437", "reuters-19831", "reuters-9466", "reuters-10340", "reuters-1242",
                  "reuters-3185")


def test_someones_words_about_a_spelt_out_topic_however_long_the_who_and_when(wire_1987: Any) -> None:
    said = wire_1987.ask("What did Dow Chemical chairman Paul Oreffice say in March 1987 about the outlook for the "
                         "chemical industry as a whole that year?")
    assert "record year" in said.text, said.text


def test_how_many_were_built_is_told_by_the_output_of_the_things_counted(wire_1987: Any) -> None:
    # "West German car and van production rose in September to 407,600": the figure counts no "cars" after it
    built = wire_1987.ask("According to the German automobile industry association VDA, how many cars and vans "
                          "were built in West Germany in September 1987?")
    assert "407,600" in built.text, built.text


def test_a_sentencing_to_come_is_told_by_faces_when_he_is_sentenced(wire_1987: Any) -> None:
    first = "How much profit did Darius Keaton, a former Santa Fe International director, make from insider trading?"
    due = wire_1987.ask("When was he due to be sentenced, and by which judge?", history=[wire_1987.ask(first)])
    assert "Knapp" in due.text and "June 1" in due.text, due.text


def test_which_judge_is_no_answer_from_a_sentence_naming_no_judge(wire_1987: Any) -> None:
    judge = wire_1987.ask("Which judge of the U.S. Court of International Trade decided the pork producers' appeal "
                          "over extending duties to Canadian pork?")
    assert judge.abstained, judge.text


def test_where_money_goes_may_be_a_plant_at_its_town_and_state(wire_1987: Any) -> None:
    first = wire_1987.ask("What level of capital spending did Navistar International expect for fiscal 1987?")
    where = wire_1987.ask("Where is most of that money going?", history=[first])
    assert "Springfield" in where.text, where.text


def test_which_countries_are_the_ones_a_sentence_names_in_a_row(wire_1987: Any) -> None:
    countries = wire_1987.ask("Which European Community countries did British farm minister Michael Jopling say "
                              "were against the proposed tax on vegetable oils and fats?")
    assert "Denmark" in countries.text and "Portugal" in countries.text, countries.text


def test_a_total_market_value_is_the_deals_worth_not_a_shares(wire_1987: Any) -> None:
    total = wire_1987.ask("What total market value did Home Federal Bank of Florida put on its planned merger "
                          "into a Barnett Banks unit?")
    assert "175 mln" in total.text, total.text


def test_a_currencys_gain_against_the_us_dollar_is_a_rate_and_us_need_not_be_named(wire_1987: Any) -> None:
    # "Girardin said the lira is expected to appreciate 14 pct against the dollar": no dollars, no "U.S."
    gain = wire_1987.ask("In a March 1987 outlook for Italy, how much did Data Resources Europe's senior economist "
                         "expect the lira to gain against the U.S. dollar that year?")
    assert "14 pct" in gain.text, gain.text


def test_how_many_pages_a_minute_counts_pages(wire_1987: Any) -> None:
    # "a minute" is the rate, pages the thing counted: "The LaserJet II prints eight pages a minute"
    first = wire_1987.ask("What does Hewlett-Packard's new LaserJet Series II printer, launched in March 1987, cost?")
    pages = wire_1987.ask("How many pages a minute can it print?", history=[first])
    assert "eight pages" in pages.text, pages.text


def test_who_is_arranging_a_facility_asks_for_the_arranger(wire_1987: Any) -> None:
    arranger = wire_1987.ask("who is arranging the 250 mln stg multiple option facility rolls royce sought before "
                             "its privatisation?")
    assert "Warburg" in arranger.text, arranger.text


# An Assistant over real 1987 wire stories of company results and filings: AEGON's 1986 profit, Lex buying
# Sears Motor Group, Rockwell's quarter, Bank of New England's merger, Texaco's appeal, the ADB's meeting in
# Osaka, Fidelcor's loan-loss provision (and its first misspelt copy).
wire_1987_results = _wire("reuters-15451", "reuters-15421", "reuters-1414", "reuters-16644", "reuters-20508",
                          "reuters-17381", "reuters-19581", "reuters-19638")


def test_it_after_a_demonym_before_a_company_is_the_company(wire_1987_results: Any) -> None:
    first = wire_1987_results.ask("How much did Dutch insurer AEGON's 1986 net profit rise?")
    goodwill = wire_1987_results.ask("How much goodwill did it write off for Monumental Corp?", history=[first])
    assert "657 mln" in goodwill.text, goodwill.text


def test_a_profit_or_loss_asked_is_no_other_figure(wire_1987_results: Any) -> None:
    # the stories give a turnover, a net figure, "damage insurances made losses": none is the amount asked
    loss = wire_1987_results.ask("How large a loss did AEGON's damage insurance business post in 1986?")
    pretax = wire_1987_results.ask("What pretax profit did Sears Motor Group earn in 1986?")
    operating = wire_1987_results.ask("What operating earnings did Rockwell's Allen-Bradley unit post in the "
                                      "quarter ended December 31?")
    assert loss.abstained and pretax.abstained and operating.abstained, (loss.text, pretax.text, operating.text)


def test_a_second_part_asking_when_is_answered_though_the_first_sentence_has_a_year(wire_1987_results: Any) -> None:
    both = wire_1987_results.ask("Bank of New England's pro forma first quarter earnings reflect a merger with "
                                 "which company, and when is that merger expected to close?")
    assert "Conifer" in both.text and "April 22" in both.text, both.text


def test_what_someone_would_do_if_is_the_sentence_telling_that_case(wire_1987_results: Any) -> None:
    would = wire_1987_results.ask("What did Texaco say it would do if the Texas Supreme Court declined to hear its "
                                  "appeal in the Pennzoil dispute?")
    assert "U.S. Supreme Court" in would.text and len(would.citations) == 1, would.text


def test_a_stories_dateline_names_its_place(wire_1987_results: Any) -> None:
    # "OSAKA, Japan, April 29" and "PHILADELPHIA, June 29" are printed before the stories' first lines
    share = wire_1987_results.ask("At the Asian Development Bank's meeting in Osaka, what did a U.S. delegate say "
                                  "the American share of procurement contracts had grown to?")
    assert "12 pct" in share.text, share.text
    japan = wire_1987_results.ask("And what did that official say had happened to Japan's share?", history=[share])
    assert "20 pct" in japan.text, japan.text
    provision = wire_1987_results.ask("How big a special provision for developing-country loans did "
                                      "Philadelphia-based Fidelcor say it would take?")
    assert "30 mln" in provision.text, provision.text


def test_which_countries_is_refused_when_no_close_sentence_names_one(wire_1987_results: Any) -> None:
    # the story gives the total "loans to developing countries ... total 88 mln dlrs", never which
    which = wire_1987_results.ask("Which developing countries make up Fidelcor's 88 mln dlrs of troubled loans?")
    assert which.abstained, which.text


# An Assistant over real 1987 wire stories of deals and trade: K mart's Kresge stores sold to McCrory (and the
# sale's completion), Taiwan's soybean tariff cut, Munson Geothermal's appraisal, Middle South Utilities'
# dividend, National Computer Systems buying Deluxe's Data Card stake, the rubber pact's adoption (two
# tellings) and Zambia's copper routes.
wire_1987_deals = _wire("reuters-12883", "reuters-17710", "reuters-16752", "reuters-19611", "reuters-9465",
                        "reuters-19155", "reuters-7873", "reuters-8060")


def test_a_count_told_in_the_sentence_going_on_from_the_deed(wire_1987_deals: Any) -> None:
    # "K mart said it agreed to sell most of the stores ... It said the agreement covers 76 stores"
    sold = wire_1987_deals.ask("How many stores did K mart agree to sell to McCrory?")
    assert "76 stores" in sold.text, sold.text


def test_what_name_something_will_carry_is_its_new_name(wire_1987_deals: Any) -> None:
    renamed = wire_1987_deals.ask("What name will the Kresge and Jupiter stores carry under McCrory?")
    assert "McCrory 5 and 10" in renamed.text.split("[1]")[0], renamed.text


def test_how_much_of_a_good_is_a_quantity_not_a_percentage(wire_1987_deals: Any) -> None:
    first = wire_1987_deals.ask("By how much did Taiwan cut its soybean import tariff?")
    imports = wire_1987_deals.ask("And how much soybean are the island's importers expected to bring in this year?",
                                  history=[first])
    assert "1.9 mln tonnes" in imports.text, imports.text


def test_a_firm_named_in_a_sentence_going_on_about_the_company(wire_1987_deals: Any) -> None:
    # "Munson ... have a completion value of about 70 mln dlrs. The company said an appraisal was
    # conducted by Marshall and Stevens Inc."
    firm = wire_1987_deals.ask("Which firm appraised Munson Geothermal's Nevada power projects?")
    assert "Marshall and Stevens" in firm.text, firm.text


def test_what_about_its_figure_asks_the_owners_figure(wire_1987_deals: Any) -> None:
    first = wire_1987_deals.ask("When did Middle South Utilities last pay a common dividend?")
    earned = wire_1987_deals.ask("What about its earnings in 1986?", history=[first])
    assert earned.rewritten_question.startswith("What were Middle South Utilities"), earned.rewritten_question
    assert "451.3 mln" in earned.text, earned.text


def test_how_something_is_paid_for_is_the_means(wire_1987_deals: Any) -> None:
    means = wire_1987_deals.ask("How will National Computer Systems pay for the Data Card stake it is buying from Deluxe?")
    assert "debentures" in means.text.split("[1]")[0], means.text


def test_a_year_that_names_which_agreement_picks_the_sentence_naming_it(wire_1987_deals: Any) -> None:
    said = wire_1987_deals.ask("What did Ahmed Farouk say about the 1979 rubber agreement?")
    assert "served the purpose" in said.text.split("[1]")[0], said.text



# An Assistant over real 1987 wire stories that follow-ups lean on: Goodyear selling its Celeron unit (two
# tellings), Entertainment Marketing's bid for Crazy Eddie (three), Saudi output in early March.
wire_1987_follow_ups = _wire("reuters-16483", "reuters-16597", "reuters-17513", "reuters-17839", "reuters-19683",
                             "reuters-4246")


def test_it_after_a_unit_for_sale_is_the_unit(wire_1987_follow_ups: Any) -> None:
    first = wire_1987_follow_ups.ask("How much does Goodyear expect to get for selling its Celeron oil and gas unit?")
    buyers = wire_1987_follow_ups.ask("How many companies are interested in buying it?", history=[first])
    assert "Celeron" in buyers.rewritten_question and "seven companies" in buyers.text, (buyers.rewritten_question,
                                                                                          buyers.text)


def test_a_price_a_share_in_words_and_the_company_of_a_follow_up(wire_1987_follow_ups: Any) -> None:
    offer = wire_1987_follow_ups.ask("What per-share price did Entertainment Marketing offer for Crazy Eddie?")
    assert "eight dlrs a share" in offer.text.split("[1]")[0], offer.text  # not the 7.42 dlrs it paid for shares
    hired = wire_1987_follow_ups.ask("Which firm did the company retain to raise the rest of the financing?",
                                     history=[offer])
    assert "Dean Witter" in hired.text, hired.text


def test_what_about_its_figure_over_a_stretch(wire_1987_follow_ups: Any) -> None:
    first = wire_1987_follow_ups.ask("How much oil was Saudi Arabia producing in the first eight days of March?")
    exports = wire_1987_follow_ups.ask("What about its exports from Gulf ports over that stretch?", history=[first])
    assert "one mln bpd" in exports.text, exports.text


# An Assistant over real 1987 wire stories whose answers sit beside better-worded sentences: Japanese truck
# exports to North Korea, Alcan's aluminium car structure, Noel Industries' placement (and two other
# companies' "proceeds will be used ..."), Funaro's debt tour (three tellings), Bank Negara's rescues (two),
# Olivetti's new line, Dutch sugar (two), Investcorp's facilities (two), Qatar's budget, four-wheel steering,
# Chrysler's Belvidere plant, Schering-Plough's dividend, Venezuela's telex to banks, Orange Julius's sale.
wire_1987_blind = _wire("reuters-18440", "reuters-1263", "reuters-2081", "reuters-1518", "reuters-5988",
                        "reuters-2503", "reuters-1591", "reuters-1248", "reuters-2956", "reuters-6334",
                        "reuters-13689", "reuters-15013", "reuters-5214", "reuters-7203", "reuters-17310",
                        "reuters-246", "reuters-14857", "reuters-1733", "reuters-20751", "reuters-17877",
                        "reuters-10918")


def test_why_a_move_is_explained_by_the_sentence_after_it(wire_1987_blind: Any) -> None:
    # "... following the issue of Japanese government guidance. The move responds to the U.S.
    # Government's expression of concern that North Korea was using Japanese-made trucks as missile
    # launching pads"
    why = wire_1987_blind.ask("Why will Japan's big truck makers halt exports to North Korea?")
    assert "missile" in why.text, why.text


def test_a_measure_is_no_model_number_nor_a_vague_count(wire_1987_blind: Any) -> None:
    # "several Bertone X1/9 sports cars" measures nothing; "by up to 50 pct" does
    cut = wire_1987_blind.ask("By how much can the bonded aluminium structure Alcan showed with Bertone at the Geneva "
                              "auto salon cut the weight of a car's basic structure?")
    assert "50 pct" in cut.text.split("[1]")[0], cut.text


def test_what_proceeds_are_for_comes_from_the_companys_own_story(wire_1987_blind: Any) -> None:
    use = wire_1987_blind.ask("What will Noel Industries use the money from its private placement for?")
    assert "working capital" in use.text and "Waxman" not in use.text and len(use.citations) == 1, use.text


def test_who_accompanies_someone_is_the_sentence_telling_that_deed(wire_1987_blind: Any) -> None:
    who = wire_1987_blind.ask("Who is accompanying Brazil's finance minister Dilson Funaro on the debt tour he is "
                              "extending to Japan?")
    assert "Gros" in who.text.split("[1]")[0], who.text


def test_a_follow_ups_it_is_the_earlier_questions_doer(wire_1987_blind: Any) -> None:
    first = wire_1987_blind.ask("How much of United Asian Bank did Bank Negara take over?")
    other = wire_1987_blind.ask("Which other troubled bank had it bought into that week, and how big a stake?",
                                history=[first])
    assert "Bank Negara" in other.rewritten_question, other.rewritten_question
    assert "Perwira" in other.text and "49.4 pct" in other.text, other.text


def test_a_month_after_in_is_a_time_and_an_area_is_no_amount_of_goods(wire_1987_blind: Any) -> None:
    when = wire_1987_blind.ask("When will Olivetti unveil its new line of computer products?")
    assert "in June" in when.text.split("[1]")[0], when.text
    sugar = wire_1987_blind.ask("According to Suiker Unie, how much white sugar did the Netherlands produce from its "
                                "record 1986 beet crop?")
    assert "1.2 mln tonnes" in sugar.text.split("[1]")[0], sugar.text


def test_a_companys_line_of_business_is_the_sentence_telling_it_and_what_goes_on(wire_1987_blind: Any) -> None:
    # both stories open on a loan Investcorp is raising; one tells further down what it does
    trade = wire_1987_blind.ask("What kind of business is Bahrain-based Investcorp in?")
    assert "specialises in buying companies" in trade.text and "Gulf region" in trade.text, trade.text


def test_a_follow_ups_it_that_expects_is_the_one_who_projected(wire_1987_blind: Any) -> None:
    first = wire_1987_blind.ask("What budget deficit did Qatar project for its 1987/88 fiscal year?")
    spend = wire_1987_blind.ask("And how much does it expect to spend in that year?", history=[first])
    assert "Qatar" in spend.rewritten_question and "deficit" not in spend.rewritten_question, spend.rewritten_question


def test_an_allocation_is_to_the_thing_asked_and_a_carmaker_is_known_by_its_name(wire_1987_blind: Any) -> None:
    # the budget tells what goes to "major projects including housing ...", nothing of defence
    defence = wire_1987_blind.ask("How much did Qatar allocate to defence and security spending in its 1987/88 budget?")
    assert defence.abstained, defence.text
    maker = wire_1987_blind.ask("Which Japanese carmaker has offered a simpler four-wheel steering system since "
                                "August 1985?")
    assert "Nissan" in maker.text.split("[1]")[0], maker.text


def test_a_second_part_told_by_the_first_parts_sentence_adds_nothing(wire_1987_blind: Any) -> None:
    both = wire_1987_blind.ask("How many workers will be temporarily laid off while Chrysler modernizes its Belvidere, "
                               "Illinois assembly plant, and for how long?")
    assert "18 weeks" in both.text and len(both.citations) == 1, both.text
    capacity = wire_1987_blind.ask("What annual production capacity will the Belvidere plant have once its "
                                   "modernization is finished?")
    assert capacity.abstained, capacity.text  # the story gives its cost, layoffs and robots, no capacity


def test_an_office_after_the_company_and_said_and_a_deed_told_by_signed(wire_1987_blind: Any) -> None:
    chairman = wire_1987_blind.ask("Who is Schering-Plough's chairman?")
    assert "Luciano" in chairman.text, chairman.text  # "Schering-Plough Corp said Chairman Robert P. Luciano ..."
    signed = wire_1987_blind.ask("Who signed the Venezuelan central bank telex ordering banks to stop foreign exchange "
                                 "dealings with brokers based abroad?")
    assert "Hernandez Delfino" in signed.text, signed.text


def test_who_agreed_to_buy_is_the_buyer_not_one_who_agreed_to_something_else(wire_1987_blind: Any) -> None:
    # "... agreement to sell Orange Julius of America ... to H.C. Holdings Inc"; later "HC also agreed to
    # lend up to 600,000 dlrs": the deed asked is the buying, not the agreeing
    buyer = wire_1987_blind.ask("Who agreed to buy Orange Julius of America and Orange Julius Canada from Orange "
                                "Julius International in March 1987?")
    assert "H.C. Holdings" in buyer.text.split("[1]")[0] and "lend" not in buyer.text, buyer.text


# Real 1987 wire stories: the ADB's loans to China (two copies and an earlier story), Lyonnaise des Eaux's
# outlook, Singapore's exchange by-laws, FECSA's debt talks (three stories), Pennzoil's challenge of Texaco's
# bankruptcy filing (three stories).
wire_1987_s32 = _wire("reuters-16937", "reuters-16965", "reuters-17373", "reuters-4106", "reuters-9711",
                      "reuters-6558", "reuters-18745", "reuters-5834", "reuters-16306", "reuters-16713",
                      "reuters-14707")


def test_its_after_the_company_is_that_companys(wire_1987_s32: Any) -> None:
    first = wire_1987_s32.ask("What profit growth did Lyonnaise des Eaux chairman Jerome Monod forecast for 1987?")
    put = wire_1987_s32.ask("How much was the company going to put into its Metropole Television affiliate?",
                            history=[first])
    assert "Lyonnaise des Eaux" in put.rewritten_question and "growth" not in put.rewritten_question, \
        put.rewritten_question
    assert "175 mln" in put.text.split("[1]")[0], put.text


def test_that_opening_a_clause_points_to_no_earlier_question(wire_1987_s32: Any) -> None:
    first = wire_1987_s32.ask("What changes to the Stock Exchange of Singapore's by-laws were due to take effect on "
                              "April 1, 1987?")
    unhappy = wire_1987_s32.ask("And what were remisiers and dealers unhappy that the exchange had failed to do?",
                                history=[first])
    assert "by-laws" not in unhappy.rewritten_question, unhappy.rewritten_question
    assert "transfer fees" in unhappy.text, unhappy.text


def test_a_name_and_its_bracketed_long_form_are_one_name(wire_1987_s32: Any) -> None:
    # "FECSA is scheduled to begin formal talks with its creditors on April 6" names the utility once
    when = wire_1987_s32.ask("When were formal talks between Spanish utility FECSA (Fuerzas Electricas de Cataluna) "
                             "and its creditors due to start, according to reports in March 1987?")
    assert not when.abstained and "April 6" in when.text, when.text


def test_what_someone_said_exactly_is_their_quoted_words(wire_1987_s32: Any) -> None:
    said = wire_1987_s32.ask("What exactly did Pennzoil's lawyer John Jeffers say about Texaco's Chapter 11 filing "
                             "in April 1987?")
    assert said.citations and said.citations[0].quote.startswith(('"', "“")), said.text
    assert "Jeffers" in said.citations[0].quote, said.text


def test_a_summary_of_a_large_collection_asks_for_a_topic(wire_1987_s32: Any) -> None:
    from qa import QuestionError

    with pytest.raises(QuestionError, match="holds 11 articles.*summary of a topic"):
        wire_1987_s32.ask("Give me a summary of the articles")
    topic = wire_1987_s32.ask("Summarize the news about FECSA's debt talks")
    assert not topic.abstained and all("FECSA" in c.quote or "Fuerzas" in c.quote for c in topic.citations), topic.text


# Real 1987 wire stories: New Zealand's GATT meeting (two), Colonial American's dissidents, Intel's custom
# chips, Proxmire's banking bill (and a later Senate bill), May Department Stores' five-year plan, Nixdorf's
# U.S. plans, C. Itoh's Cray (and another Cray order), Norsk Data's profit warning, Papandreou on the U.S.
# bases.
wire_1987_s33 = _wire("reuters-8080", "reuters-8102", "reuters-9846", "reuters-635", "reuters-1053", "reuters-17114",
                      "reuters-19259", "reuters-17884", "reuters-17232", "reuters-15599", "reuters-21546",
                      "reuters-10395")


def test_who_heads_a_group_no_sentence_names_a_head_of_abstains(wire_1987_s33: Any) -> None:
    # "Colonial American Bankshares Corp said it met with the dissident ... Committee": "Corp" names no one
    heads = wire_1987_s33.ask("Who heads the Colonial American Shareholders Committee, the dissident group whose "
                              "settlement talks with Colonial American Bankshares broke down in March 1987?")
    assert heads.abstained, heads.text


def test_the_wire_that_told_a_story_is_no_name_it_must_mention(wire_1987_s33: Any) -> None:
    spend = wire_1987_s33.ask("In the March 1987 Reuters feature on U.S. chipmakers turning to customized chip "
                              "designs, how much did Intel say it would spend to become a leading custom chip maker?")
    assert "75 mln" in spend.text.split("[1]")[0], spend.text
    # the loss is told ("which just reported a loss for 1986"), its size is not: 75 mln dlrs is the spending
    loss = wire_1987_s33.ask("How big was Intel's 1986 loss, as mentioned in the March 1987 Reuters story about "
                             "chipmakers moving into custom chips?")
    assert loss.abstained, loss.text


def test_a_plan_and_an_organisation_are_told_in_the_stories_own_words(wire_1987_s33: Any) -> None:
    stores = wire_1987_s33.ask("How many new department stores does May Department Stores plan to open under the "
                               "five-year program announced at its June 1987 annual meeting?")
    assert "73 department stores" in stores.text.split("[1]")[0], stores.text
    cray = wire_1987_s33.ask("Which organisation will pay for and use the Cray X-MP supercomputer that C. Itoh "
                             "agreed to buy in April 1987?")
    assert "Century Research Center" in cray.text.split("[1]")[0], cray.text


def test_a_year_expected_is_no_year_of_past_results(wire_1987_s33: Any) -> None:
    year = wire_1987_s33.ask("In what year does Nixdorf Computer expect its U.S. turnover to reach one billion "
                             "marks, according to deputy chairman Arno Bohn in June 1987?")
    assert year.abstained, year.text


def test_a_long_speaker_and_an_acronym_told_in_full(wire_1987_s33: Any) -> None:
    said = wire_1987_s33.ask("What exactly did New Zealand trade minister Mike Moore say about the cost of failure "
                             "of the next world trade round, at the informal GATT ministers' meeting in New Zealand "
                             "in March 1987?")
    assert said.citations and "Moore said" in said.citations[0].quote, said.text
    fund = wire_1987_s33.ask("How much money would Senate Banking chairman William Proxmire's banking bill put into "
                             "the FSLIC deposit insurance fund, according to the early March 1987 report?")
    assert any(c.doc.endswith("reuters-1053") for c in fund.citations), fund.text


def test_a_total_asked_is_no_change_told(wire_1987_s33: Any) -> None:
    # "... lower its 1987 pre-tax profit forecast by 100 mln crowns and its expected 1987 sales
    # figure by about 150 mln crowns": changes; the story gives no total
    total = wire_1987_s33.ask("What total 1987 sales figure did Norsk Data forecast after its October 1987 profit "
                              "warning?")
    assert total.abstained, total.text
    cut = wire_1987_s33.ask("By how much did Norsk Data lower its expected 1987 sales in October 1987?")
    assert "150 mln" in cut.text.split("[1]")[0], cut.text


def test_a_speaker_asked_by_office_and_name_replies_by_surname(wire_1987_s33: Any) -> None:
    # "Asked by reporters if he would close the U.S. Bases in Greece in the event of war, Papandreou
    # replied "Obviously, ..."": "Greek Prime Minister Papandreou" is named by his surname
    bases = wire_1987_s33.ask("During the March 1987 Aegean crisis with Turkey, did Greek Prime Minister Papandreou "
                              "say he would close the U.S. bases in Greece if war broke out?")
    assert not bases.abstained and "Obviously" in bases.text, bases.text


# Real 1987 wire stories: the Aegean crisis (three), the Swiss National Bank's intervention and its sight
# deposits, Sony's new business year, Prudential's results, Philippine cement imports.
wire_1987_s34 = _wire("reuters-10395", "reuters-10452", "reuters-10627", "reuters-17395", "reuters-6376",
                      "reuters-8861", "reuters-16250", "reuters-15422")


def test_a_count_of_warships_is_no_count_of_islands(wire_1987_s34: Any) -> None:
    # "escorted by an unspecified number of warships"; "three Greek islands off Turkey" counts islands
    ships = wire_1987_s34.ask("How many Turkish warships escorted the research ship Sismik 1 into the disputed "
                              "Aegean waters in late March 1987?")
    assert ships.abstained, ships.text


def test_a_name_of_two_words_is_looked_for_in_one_story(wire_1987_s34: Any) -> None:
    # one story names Sony, another Prudential: neither names Sony Prudential
    sony = wire_1987_s34.ask("What annualised return did Sony Prudential's variable life accounts earn in the five "
                             "months to March 31, 1987?")
    assert sony.abstained and "Sony Prudential" in sony.reason, sony.text


def test_how_much_was_spent_is_an_outlay_not_a_fall_in_deposits(wire_1987_s34: Any) -> None:
    spent = wire_1987_s34.ask("how much did the swiss national bank spend intervening in dollar/swiss franc in april 87")
    assert spent.abstained, spent.text  # "Sight deposits ... fell 4.64 billion Swiss francs" is spent on nothing


def test_which_producer_wants_a_producers_name(wire_1987_s34: Any) -> None:
    # "The Philippines will import 250,000 bags of cement ... from Indonesia": no producer is named
    producer = wire_1987_s34.ask("Which Indonesian cement producer is supplying the 250,000 bags of cement the "
                                 "Philippines said in April 1987 it would import?")
    assert producer.abstained, producer.text


# Real 1987 wire stories: the FTC's study of tariffs and quotas beside two other trade studies, Toronto Sun's
# British tabloid, Contel's units for sale, Castle and Cooke's Flexi-Van, Combustion Engineering's purchase of
# AccuRay (two).
wire_1987_s35 = _wire("reuters-17452", "reuters-18421", "reuters-18302", "reuters-5488", "reuters-19955",
                      "reuters-1502", "reuters-9488", "reuters-10874")


def test_who_wrote_a_study_is_named_further_down_its_story(wire_1987_s35: Any) -> None:
    # the lead tells what "a government study said"; "The 218-page report, written by FTC economists
    # John Hilke and Philip Nelson, ..." comes after, in fewer of the question's words
    authors = wire_1987_s35.ask("Who were the authors of the Federal Trade Commission study, released in June 1987, "
                                "arguing that tariffs and quotas would do little to reduce the U.S. trade deficit?")
    assert "John Hilke" in authors.text and authors.citations[0].doc.endswith("reuters-17452"), authors.text


def test_a_speaker_or_a_place_is_no_name_of_the_person_asked(wire_1987_s35: Any) -> None:
    # "..., Toronto Sun Publishing vice-president of finance Bruce Jackson said": he tells, he did not approach
    person = wire_1987_s35.ask("Who is the person in England who approached Toronto Sun Publishing with the idea "
                               "for a new British tabloid?")
    assert person.abstained, person.text
    # "..., Wall Street analysts said": no executive's name
    left = wire_1987_s35.ask("Which executives had left Contel's federal systems division, according to the June "
                             "1987 report on which Contel units analysts expected to be sold?")
    assert left.abstained, left.text
    # "William Burns has been named executive vice president": named beside him, not replaced by him
    replaced = wire_1987_s35.ask("Whom did George Elkas replace when Castle and Cooke named him president and chief "
                                 "operating officer of Flexi-Van Corp in March 1987?")
    assert replaced.abstained, replaced.text


def test_what_was_paid_for_a_company_is_its_price_not_a_kind_of_spending(wire_1987_s35: Any) -> None:
    # "pay for AccuRay Corp" measures no "corp": "Combustion paid about 218 mln dlrs for AccuRay"
    paid = wire_1987_s35.ask("How much did Combustion Engineering pay for AccuRay Corp in early 1987?")
    assert "218 mln dlrs" in paid.text.split("[1]")[0], paid.text


# Real 1987 wire stories: Sogenal's privatisation, U.S. nuclear fuel for EURATOM, Knoll's purchase into
# American Savings, Brazil's bank advisory committee.
wire_1987_s36 = _wire("reuters-2257", "reuters-3404", "reuters-4229", "reuters-175")


def test_on_which_exchange_asks_the_exchanges_name(wire_1987_s36: Any) -> None:
    listed = wire_1987_s36.ask("What price range did Sogenal's chairman expect for the shares when France privatised "
                               "the bank in March 1987, and on which stock exchange was it going to be listed?")
    assert "110 and 130 francs" in listed.text and "Nancy stock exchange" in listed.text, listed.text


def test_a_further_year_is_a_length_of_time(wire_1987_s36: Any) -> None:
    extended = wire_1987_s36.ask("How long did Reagan's March 1987 order extend U.S. nuclear fuel sales to EURATOM?")
    assert "for a further year" in extended.text, extended.text


def test_what_stake_asks_a_share_of_the_company(wire_1987_s36: Any) -> None:
    # "would give Knoll 15 pct ownership", not the price it pays again
    stake = wire_1987_s36.ask("How much was Knoll International Holdings paying for the new American Savings and Loan "
                              "of Florida shares in March 1987, and what stake would it end up with?")
    assert "10 mln dlrs" in stake.text and "15 pct ownership" in stake.text, stake.text


def test_a_second_question_after_and_roughly_is_answered_too(wire_1987_s36: Any) -> None:
    both = wire_1987_s36.ask("In late February 1987, which bank chaired Brazil's creditor advisory committee, and "
                             "roughly how much in short-term trade and interbank lines had Brazil frozen?")
    assert "Citibank" in both.text and "15 billion dlrs" in both.text, both.text


# Real 1987 wire stories: debt futures traders on GNP, Pantera's merger with Pizza Inn, Keppel's convertible
# bond (two), Credit National's convertible, Nigeria's promissory notes, Security Pacific's loans to Brazil
# and Ecuador, Rockwell's share buyback.
wire_1987_s37 = _wire("reuters-5127", "reuters-1153", "reuters-11835", "reuters-12782", "reuters-15622",
                      "reuters-10927", "reuters-15227", "reuters-5005")


def test_a_name_the_story_gave_in_full_a_passage_before_is_mentioned(wire_1987_s37: Any) -> None:
    # the passage found says "Kahan said his early estimate ..."; "Sam Kahan" stands a passage before
    gnp = wire_1987_s37.ask("In mid-March 1987, what first-quarter GNP growth was Kleinwort Benson economist Sam "
                            "Kahan estimating?")
    assert "around three pct" in gnp.text, gnp.text


def test_an_investment_bank_is_named_as_a_firm(wire_1987_s37: Any) -> None:
    # "Pantera's Corp" is one name, told as "Pantera's"; "retained Dean Witter Reynolds Inc" names a firm
    banks = wire_1987_s37.ask("Which investment banks were advising Pantera's Corp and Pizza Inn on their proposed "
                              "merger in March 1987?")
    assert "Dean Witter" in banks.text or "Drexel" in banks.text, banks.text


def test_how_big_it_ended_up_is_the_figure_it_went_to(wire_1987_s37: Any) -> None:
    # "upped" is a verb, no name; "increased to 75 mln dlrs", not the 3.12 dlr conversion price
    bond = wire_1987_s37.ask("keppel corp upped its convertible bond in april 1987 - how big did it end up?")
    assert "75 mln" in bond.text.split("[1]")[0], bond.text


def test_a_follow_up_figure_of_another_thing_is_not_the_earlier_answer_again(wire_1987_s37: Any) -> None:
    # the earlier answer's 7.2 mln dlrs is a cut in earnings; "401 mln dlrs of loans to Brazil" sizes the loans
    cut = wire_1987_s37.ask("By how much did Security Pacific say that putting its Brazil and Ecuador loans on "
                            "non-accrual would cut its first-quarter 1987 earnings?")
    assert "7.2 mln dlrs" in cut.text, cut.text
    loans = wire_1987_s37.ask("And how big were the loans to each of those two countries?", history=[cut])
    assert "401 mln dlrs" in loans.text, loans.text


def test_by_how_much_is_the_change_not_a_level_beside_it(wire_1987_s37: Any) -> None:
    # "extension of the ... program by an additional 500 mln dlrs", not "has bought 10.4 mln shares"
    expanded = wire_1987_s37.ask("By how much did Rockwell International expand its share buyback in March 1987?")
    assert "additional 500 mln dlrs" in expanded.text.split("[1]")[0], expanded.text


# Real 1987 wire stories: Royal Dutch/Shell's 1986 results (the group's table and its U.S. earnings).
wire_1987_s38 = _wire("reuters-2221", "reuters-2061")


def test_a_second_part_far_better_told_elsewhere_is_answered_there(wire_1987_s38: Any) -> None:
    # the first part's story (U.S. earnings) tells no split of the group; the results table's notes do
    both = wire_1987_s38.ask("What was Royal Dutch/Shell group net income for 1986, and how is the group split "
                             "between Royal Dutch and Shell Transport?")
    assert "60 pct owned by Royal Dutch" in both.text, both.text


# Real 1987 wire stories: Fiat's eurobond report and its denial, Canada's letter carriers' strike.
wire_1987_s39 = _wire("reuters-9386", "reuters-9471", "reuters-19898", "reuters-19484", "reuters-19126",
                      "reuters-18868", "reuters-19225")


def test_a_compound_of_the_measured_thing_holds_it(wire_1987_s39: Any) -> None:
    # "a eurobond of up to 384 mln dlrs" sizes "a bond"
    bond = wire_1987_s39.ask("Handelsblatt reported in March 1987 that Fiat might issue a eurobond tied to the "
                             "shares left over from selling the Libyan stake - how big a bond?")
    assert "384 mln dlrs" in bond.text, bond.text


def test_a_pronoun_after_a_thing_the_question_names_is_that_thing(wire_1987_s39: Any) -> None:
    # "how large was it": the placement this question names, not the newspaper the earlier one did
    bond = wire_1987_s39.ask("Handelsblatt reported in March 1987 that Fiat might issue a eurobond tied to the "
                             "shares left over from selling the Libyan stake - how big a bond?")
    led = wire_1987_s39.ask("Who led the original placement, and how large was it?", history=[bond])
    assert "Handelsblatt?" not in led.rewritten_question, led.rewritten_question
    # and it is answered from the placement's sentence, not with the earlier answer again
    assert "2.13 billion" in led.text and "Deutsche" in led.text, led.text


def test_a_body_named_for_its_country_is_no_person(wire_1987_s39: Any) -> None:
    # "Canada Post asked the federal government to appoint a mediator": no one appointed there
    who = wire_1987_s39.ask("Who appointed the mediator in Canada's letter carriers' strike in June 1987?")
    assert "Cadieux" in who.text.split("[1]")[0], who.text


def test_a_pay_rise_is_a_percentage_or_a_sum(wire_1987_s39: Any) -> None:
    # the stories tell offers and a "three-day-old walkout", never what the carriers asked for
    rise = wire_1987_s39.ask("What pay rise were Canada's striking letter carriers demanding from Canada Post "
                             "in the June 1987 walkouts?")
    assert rise.abstained, rise.text


# Real 1987 wire stories: Lynch Corp's bid for Becor Western, Greycoat's Charing Cross financings,
# Yugoslavia's wheat and its 1986 economy.
wire_1987_s40 = _wire("reuters-18210", "reuters-18663", "reuters-18751", "reuters-19136", "reuters-15813",
                      "reuters-15582", "reuters-11392", "reuters-16118", "reuters-5260", "reuters-12080")


def test_an_interest_rate_is_a_percentage_told_as_a_rate(wire_1987_s40: Any) -> None:
    # the stories give the debentures' 4.50 dlrs a share and a group's "12.35 pct" of the shares, no coupon
    rate = wire_1987_s40.ask("What interest rate would the subordinated debentures in Lynch Corp's bid for "
                             "Becor Western pay?")
    assert rate.abstained, rate.text


def test_a_cost_asked_is_a_sum_told_as_a_cost(wire_1987_s40: Any) -> None:
    # two financings "in connection with" the development are not what it costs to build
    cost = wire_1987_s40.ask("What is the total estimated construction cost of Greycoat Group's Embankment Place "
                             "office development over Charing Cross station?")
    assert cost.abstained, cost.text


def test_a_harvest_asked_is_not_a_tender(wire_1987_s40: Any) -> None:
    # "will tender April 14 for 100,000 tonnes of wheat" counts tonnes bought, not harvested
    crop = wire_1987_s40.ask("How many tonnes of winter wheat is Yugoslavia now expected to harvest in 1987, after "
                             "the US embassy in Belgrade reported freeze damage to the crop in late March?")
    assert crop.abstained, crop.text


def test_a_topic_then_a_question_after_a_dash_is_asked_in_its_own_words(wire_1987_s40: Any) -> None:
    # "what about inflation - how much did the cost of living go up that year?": not "What was Yugoslavia's
    # trade deficit for inflation", and "go up" is the change asked, no thing measured
    deficit = wire_1987_s40.ask("What was Yugoslavia's trade deficit for 1986 according to the National Bank "
                                "figures released in April 1987?")
    assert "2.012 billion dlrs" in deficit.text, deficit.text
    living = wire_1987_s40.ask("what about inflation - how much did the cost of living go up that year?",
                               history=[deficit])
    assert "deficit for inflation" not in living.rewritten_question, living.rewritten_question
    assert not living.abstained and "cost of living" in living.text, living.text


# Real 1987 wire stories: NL Industries' results table, Hong Kong's banking commissioner on licences.
wire_1987_s41 = _wire("reuters-6592", "reuters-7038", "reuters-1919")


def test_a_full_years_figure_is_the_row_under_the_tables_year_heading(wire_1987_s41: Any) -> None:
    # "Net loss 10.7 mln vs profit 5,188,000" is the quarter's row, above the "Year" heading
    loss = wire_1987_s41.ask("How big was NL Industries' net loss for full-year 1986?")
    assert "324.2 mln" in loss.text and "10.7 mln" not in loss.text, loss.text


def test_per_someone_names_who_tells_it() -> None:
    # "per banking commissioner Robert Fell" is the source, as "according to" is; "per share" is none
    from qa.question import read_question

    assert "robert" in " ".join(read_question("How many licensed banks did Hong Kong have at the end of 1986 per "
                                            "banking commissioner Robert Fell?").told_by)
    assert not read_question("At what price per share did the Credit Suisse-led group place the Volvo "
                             "shares?").told_by


# Real 1987 wire stories: Lynch Corp's bid for Becor Western; Asturiana de Zinc's option on Austmet.
wire_1987_s42 = _wire("reuters-18210", "reuters-3454")


def test_a_name_that_only_places_another_counts_less(wire_1987_s42: Any) -> None:
    # "Spain's Asturiana de Zinc": the option's sentence need not say Spain to tell the stake
    stake = wire_1987_s42.ask("What stake can Spain's Asturiana de Zinc acquire in Austmet, the zinc marketing arm "
                              "set up by Metal Traders Australasia, and within what time frame?")
    assert "25 pct" in stake.text, stake.text


def test_what_exactly_a_bidder_proposed_to_pay_is_a_sum(wire_1987_s42: Any) -> None:
    # "What exactly did ... propose to pay": an amount, as "What did ... propose to pay" is
    from qa.question import read_question

    assert read_question("What exactly did Mario Gabelli's Lynch Corp propose to pay Becor Western "
                         "shareholders?").answer_type == "money"


# A real 1987 wire story: the Dutch finance ministry's state loan tender.
wire_1987_s43 = _wire("reuters-11448")


def test_a_follow_up_of_another_loan_is_not_the_earlier_answer_again(wire_1987_s43: Any) -> None:
    # "the previous state loan ... - how much did that bring in?": "that" is the earlier loan the
    # follow-up names, which the earlier answer's sentence does not tell of
    bond = wire_1987_s43.ask("How much did the Dutch finance ministry raise at its end-March 1987 tender for the "
                             "6.25 pct bullet bond due 1995, and at what effective yield?")
    assert "3.25 billion guilders" in bond.text, bond.text
    before = wire_1987_s43.ask("And the previous state loan, the split-maturity one from the month before - how "
                               "much did that bring in?", history=[bond])
    assert "300 mln guilders" in before.text, before.text


# Real 1987 wire stories: the Steelworkers' strike at Cominco's Trail and Kimberley operations.
wire_1987_s44 = _wire("reuters-17480", "reuters-17783", "reuters-18337", "reuters-18412")


def test_how_close_a_vote_was_is_its_tally(wire_1987_s44: Any) -> None:
    # "close" asks the vote's margin, not a smelter "shut down"
    vote = wire_1987_s44.ask("When the striking Steelworkers locals at Cominco's Trail smelter and Kimberley mine "
                             "voted down the tentative three-year contract in 1987, how close was the vote?")
    assert "54.5 pct" in vote.text, vote.text


# Real 1987 wire stories: Spencer Cos' suit against Chase Manhattan; Lloyds and Royal Bank of Canada
# trimming their Hong Kong operations.
wire_1987_s45 = _wire("reuters-16603", "reuters-11188")


def test_and_then_a_wh_question_goes_on_from_the_earlier_one(wire_1987_s45: Any) -> None:
    # "and how much of that ...?" is a question of its own, read with the earlier one, not a
    # fragment spliced into it ("How much in how much of that relates to ...")
    damages = wire_1987_s45.ask("How much in damages is Spencer Cos asking for in its April 1987 lawsuit against "
                                "Chase Manhattan units?")
    shoes = wire_1987_s45.ask("and how much of that relates to the shoe subsidiary they had to liquidate?",
                              history=[damages])
    assert "40 mln" in shoes.text, (shoes.rewritten_question, shoes.text)


def test_a_named_topic_then_a_question_owns_its_pronouns(wire_1987_s45: Any) -> None:
    # "And Lloyds? How many of its staff ...": Lloyds' staff, whose number the story does not give
    # (the 16 jobs are Royal Bank of Canada's)
    royal = wire_1987_s45.ask("How many jobs is Royal Bank of Canada cutting in Hong Kong as it winds down merchant "
                              "banking there (March 1987)?")
    assert "16 jobs" in royal.text, royal.text
    lloyds = wire_1987_s45.ask("And Lloyds? How many of its Hong Kong staff lose their jobs?", history=[royal])
    assert "Lloyds" in lloyds.rewritten_question and lloyds.abstained, (lloyds.rewritten_question, lloyds.text)
