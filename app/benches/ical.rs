//! iCal (rule B4): a 5,000-event feed imported into a unit (read, expanded, its nights
//! stored and recorded for sync, durably) against the maintained parser reading the
//! same bytes alone; a unit's two-year feed exported (about 100 stays) against reading
//! the same bookings from the store alone. Both in the same run, on the same disk.
//!
//! `cargo bench -p guichet-app --bench ical`

#![allow(clippy::expect_used)]

use std::fmt::Write;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use guichet_app::App;
use guichet_core::contact::Contact;
use guichet_core::Stay;

/// A channel's feed of `n` all-day stays of 1–4 nights, in the next two years, with a
/// description folded over two lines as Airbnb writes it.
fn feed(n: usize, first: chrono::NaiveDate) -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nPRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 0.8.8//EN\r\nCALSCALE:GREGORIAN\r\nVERSION:2.0\r\n",
    );
    for i in 0..n {
        let start = first + chrono::Days::new((i as u64 * 7) % 720);
        let end = start + chrono::Days::new(1 + i as u64 % 4);
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nDTEND;VALUE=DATE:{}\r\nDTSTART;VALUE=DATE:{}\r\nUID:1418fb94e984-{i:032x}@airbnb.com\r\nDESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/\r\n details/HM{i:08}\\nPhone Number (Last 4 Digits): 4821\r\nSUMMARY:Reserved\r\nEND:VEVENT\r\n",
            end.format("%Y%m%d"),
            start.format("%Y%m%d"),
        );
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::open(&dir.path().join("data")).expect("app");
    let unit = app.add_unit("Gîte des Tilleuls", 4).expect("unit").id;
    let text = feed(5_000, app.today());
    let path = dir.path().join("airbnb.ics");
    std::fs::write(&path, &text).expect("feed");
    let source = path.display().to_string();
    let mut group = c.benchmark_group("ical");
    group.sample_size(20);
    group.bench_function("import 5000 events", |b| {
        b.iter(|| black_box(app.import_calendar(unit, &source).expect("import")))
    });
    group.bench_function("baseline: icalendar parser alone", |b| {
        b.iter(|| {
            let bytes = std::fs::read(&path).expect("read");
            let text = std::str::from_utf8(&bytes).expect("utf-8");
            let unfolded = icalendar::parser::unfold(text);
            black_box(
                icalendar::parser::read_calendar(&unfolded)
                    .expect("parsed")
                    .components
                    .len(),
            )
        })
    });
    group.finish();
}

fn export(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::open(&dir.path().join("data")).expect("app");
    let unit = app.add_unit("Gîte des Tilleuls", 4).expect("unit").id;
    let today = app.today();
    // Two years of stays: a week in every week in two of three, over 730 days.
    let mut stays = 0;
    for week in 0..104u64 {
        if week % 3 == 2 {
            continue;
        }
        let stay = Stay::new(today + chrono::Days::new(week * 7), 7).expect("stay");
        let guest = Contact::new("Famille Martin", Some("martin@exemple.fr"), None).expect("guest");
        app.book(unit, stay, guest, Some("700".parse().expect("price")), None)
            .expect("booking");
        stays += 1;
    }
    let out = dir.path().join("tilleuls.ics").display().to_string();
    let mut group = c.benchmark_group("ical");
    group.bench_function(format!("export two years ({stays} stays)"), |b| {
        b.iter(|| black_box(app.export_calendar(unit, &out).expect("export")))
    });
    group.bench_function("baseline: read the bookings alone", |b| {
        b.iter(|| black_box(app.bookings().expect("bookings").len()))
    });
    group.finish();
}

criterion_group!(benches, import, export);
criterion_main!(benches);
