//! iCalendar feeds (rule B4): reading a feed into events (the maintained `icalendar`
//! parser does the syntax; this module checks the structure first so that a refusal
//! names the line at fault), the nights those events block (recurrences expanded by
//! the `rrule` library), and our own feed of a unit's occupancy.
//!
//! No IO: the caller reads the bytes and says what day it is.

use std::collections::{BTreeSet, HashSet};
use std::str::FromStr;

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// How far ahead an import counts nights: from today to 730 days ahead (B4).
pub const HORIZON_DAYS: u64 = 730;

/// The domain our own events' UIDs end with: an import ignores them (B4).
pub const OUR_UID_DOMAIN: &str = "@guichet";

/// The most events a feed may hold (a channel's feed has a few hundred).
pub const MAX_EVENTS: usize = 100_000;

/// The most occurrences one recurring event may give inside the horizon.
const MAX_OCCURRENCES: u16 = 2_000;

/// A feed that is not iCalendar, with the line at fault (1-based) when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct FeedError {
    /// The line at fault in the file as given (folded lines counted as they are).
    pub line: Option<usize>,
    /// What is wrong, in French.
    pub reason: String,
}

impl FeedError {
    fn at(line: usize, reason: impl Into<String>) -> FeedError {
        FeedError {
            line: Some(line),
            reason: reason.into(),
        }
    }

    fn describe(&self) -> String {
        match self.line {
            Some(line) => format!(
                "ligne {line} : {} — ce fichier n'est pas un calendrier iCalendar lisible",
                self.reason
            ),
            None => format!(
                "{} — ce fichier n'est pas un calendrier iCalendar lisible",
                self.reason
            ),
        }
    }
}

/// A date or a date-time as a feed writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum When {
    /// `VALUE=DATE`: an all-day value.
    Date(NaiveDate),
    /// A floating time: the provider's local time (B4).
    Floating(NaiveDateTime),
    /// A UTC time (`…Z`).
    Utc(DateTime<Utc>),
    /// A local time in a named zone (`TZID=…`).
    Zoned(NaiveDateTime, String),
}

/// A length as `DURATION` writes it: whole days and seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    /// Days (and weeks, ×7).
    pub days: u64,
    /// Hours, minutes and seconds, in seconds.
    pub seconds: u64,
}

/// One VEVENT, as far as B4 needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// Its UID, when it has one.
    pub uid: Option<String>,
    /// DTSTART.
    pub start: When,
    /// DTEND.
    pub end: Option<When>,
    /// DURATION.
    pub duration: Option<Length>,
    /// `STATUS:CANCELLED`.
    pub cancelled: bool,
    /// `TRANSP:TRANSPARENT`.
    pub transparent: bool,
    /// RRULE values.
    pub rrules: Vec<String>,
    /// RDATE values.
    pub rdates: Vec<When>,
    /// EXDATE values.
    pub exdates: Vec<When>,
    /// RECURRENCE-ID: this event replaces one occurrence of the event with its UID.
    pub recurrence_id: Option<When>,
    /// SEQUENCE: of two versions of one event in a feed, the higher one counts.
    pub sequence: i64,
    /// The line its `BEGIN:VEVENT` is on.
    pub line: usize,
}

impl FeedEvent {
    /// Whether the UID is one of ours (B4: an import ignores it).
    pub fn is_ours(&self) -> bool {
        self.uid
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().ends_with(OUR_UID_DOMAIN))
    }
}

/// One logical line of the feed (folded lines joined), with its first physical line.
struct Logical<'a> {
    line: usize,
    text: std::borrow::Cow<'a, str>,
}

fn logical_lines(text: &str) -> Vec<Logical<'_>> {
    let mut out: Vec<Logical<'_>> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.text.to_mut().push_str(rest);
                continue;
            }
        }
        out.push(Logical {
            line: index + 1,
            text: std::borrow::Cow::Borrowed(raw),
        });
    }
    out
}

fn name_of(text: &str) -> Option<&str> {
    let end = text.find([':', ';'])?;
    let name = &text[..end];
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then_some(name)
}

/// A property of an event, with its line.
struct Prop<'a> {
    line: usize,
    name: String,
    params: Vec<(String, String)>,
    value: &'a str,
}

fn param_value(params: &[(String, String)], key: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.clone())
}

/// Reads a feed: its VEVENTs in order. Refuses, naming the line, what is not
/// iCalendar: bytes that are not UTF-8 text, a first line that is not
/// `BEGIN:VCALENDAR`, a line that is not `NAME:value`, a `BEGIN` never closed (a
/// truncated file) or an `END` that closes nothing, a date that cannot be read.
pub fn parse(bytes: &[u8]) -> Result<Vec<FeedEvent>, FeedError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return Err(FeedError::at(
                line,
                "des octets qui ne sont pas du texte (UTF-8)",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = logical_lines(text);
    check_structure(&lines)?;
    // The maintained parser reads the syntax: it must agree that this is a calendar.
    let unfolded = icalendar::parser::unfold(text);
    if let Err(message) = icalendar::parser::read_calendar(&unfolded) {
        let line = unfolded_line(&message)
            .and_then(|n| lines.get(n.saturating_sub(1)).map(|l| l.line))
            .unwrap_or(1);
        return Err(FeedError::at(
            line,
            "ligne illisible par le lecteur iCalendar",
        ));
    }
    events(&lines)
}

/// The line a nom error message points at (`at line N`), in the unfolded text.
fn unfolded_line(message: &str) -> Option<usize> {
    let at = message.find("at line ")?;
    let digits: String = message[at + 8..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn check_structure(lines: &[Logical<'_>]) -> Result<(), FeedError> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut seen_calendar = false;
    for l in lines {
        let text = l.text.trim_end();
        if text.is_empty() {
            continue;
        }
        if text.contains('\0') {
            return Err(FeedError::at(
                l.line,
                "un caractère nul (fichier binaire ?)",
            ));
        }
        if !seen_calendar {
            if !text.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
                return Err(FeedError::at(
                    l.line,
                    "un calendrier commence par BEGIN:VCALENDAR",
                ));
            }
            seen_calendar = true;
        } else if stack.is_empty() {
            return Err(FeedError::at(
                l.line,
                "du texte après la fin du calendrier (END:VCALENDAR)",
            ));
        }
        let Some(name) = name_of(text) else {
            return Err(FeedError::at(
                l.line,
                format!(
                    "« {} » n'est pas une ligne NOM:valeur",
                    text.chars().take(40).collect::<String>()
                ),
            ));
        };
        let value = text[name.len()..].split_once(':').map(|(_, v)| v.trim());
        if name.eq_ignore_ascii_case("BEGIN") {
            let component = value.unwrap_or("").to_ascii_uppercase();
            if component.is_empty() {
                return Err(FeedError::at(l.line, "BEGIN sans nom de composant"));
            }
            if stack.len() > 20 {
                return Err(FeedError::at(
                    l.line,
                    "composants imbriqués trop profondément",
                ));
            }
            stack.push((component, l.line));
        } else if name.eq_ignore_ascii_case("END") {
            let component = value.unwrap_or("").to_ascii_uppercase();
            match stack.pop() {
                Some((open, _)) if open == component => {}
                Some((open, line)) => {
                    return Err(FeedError::at(
                        l.line,
                        format!(
                            "END:{component} alors que BEGIN:{open} (ligne {line}) n'est pas fermé"
                        ),
                    ))
                }
                None => {
                    return Err(FeedError::at(
                        l.line,
                        format!("END:{component} ne ferme rien"),
                    ))
                }
            }
        } else if !text[name.len()..].contains(':') {
            return Err(FeedError::at(
                l.line,
                format!("la propriété {name} n'a pas de valeur"),
            ));
        }
    }
    if let Some((open, line)) = stack.first() {
        return Err(FeedError::at(
            *line,
            format!("BEGIN:{open} n'est jamais fermé (END:{open} manque : fichier tronqué ?)"),
        ));
    }
    if !seen_calendar {
        return Err(FeedError::at(1, "fichier vide"));
    }
    Ok(())
}

/// A property's parameters, `(key, value)`.
type Params = Vec<(String, String)>;

/// Splits `NAME;P=V;Q="x:y":value` into its parts.
fn split_property(text: &str) -> Option<(String, Params, &str)> {
    let name = name_of(text)?;
    let mut rest = &text[name.len()..];
    let mut params = Vec::new();
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=')?;
        let key = after[..eq].to_owned();
        let mut value_part = &after[eq + 1..];
        let value;
        if let Some(quoted) = value_part.strip_prefix('"') {
            let close = quoted.find('"')?;
            value = quoted[..close].to_owned();
            value_part = &quoted[close + 1..];
        } else {
            let end = value_part.find([';', ':'])?;
            value = value_part[..end].to_owned();
            value_part = &value_part[end..];
        }
        params.push((key, value));
        rest = value_part;
    }
    let value = rest.strip_prefix(':')?;
    Some((name.to_ascii_uppercase(), params, value))
}

fn events(lines: &[Logical<'_>]) -> Result<Vec<FeedEvent>, FeedError> {
    let mut out = Vec::new();
    let mut depth_in_event: Option<(usize, usize)> = None; // (begin line, nesting below it)
    let mut props: Vec<Prop<'_>> = Vec::new();
    for l in lines {
        let text = l.text.trim_end();
        if text.is_empty() {
            continue;
        }
        let Some((name, params, value)) = split_property(text) else {
            return Err(FeedError::at(l.line, "ligne NOM:valeur mal formée"));
        };
        let upper = value.trim().to_ascii_uppercase();
        match (name.as_str(), depth_in_event) {
            ("BEGIN", None) if upper == "VEVENT" => {
                depth_in_event = Some((l.line, 0));
                props.clear();
            }
            ("BEGIN", Some((begin, nested))) => depth_in_event = Some((begin, nested + 1)),
            ("END", Some((begin, 0))) if upper == "VEVENT" => {
                if out.len() >= MAX_EVENTS {
                    return Err(FeedError::at(
                        begin,
                        format!("plus de {MAX_EVENTS} événements dans un seul calendrier"),
                    ));
                }
                out.push(event(begin, &props)?);
                depth_in_event = None;
            }
            ("END", Some((begin, nested))) => {
                depth_in_event = Some((begin, nested.saturating_sub(1)));
            }
            (_, Some((_, 0))) => props.push(Prop {
                line: l.line,
                name,
                params,
                value,
            }),
            _ => {}
        }
    }
    Ok(out)
}

fn event(begin: usize, props: &[Prop<'_>]) -> Result<FeedEvent, FeedError> {
    let first = |name: &str| props.iter().find(|p| p.name == name);
    let start = match first("DTSTART") {
        Some(p) => when(p)?,
        None => {
            return Err(FeedError::at(
                begin,
                "un événement (VEVENT) sans date de début (DTSTART)",
            ))
        }
    };
    let end = first("DTEND").map(when).transpose()?;
    let duration = first("DURATION").map(length).transpose()?;
    let flag = |name: &str, value: &str| {
        first(name).is_some_and(|p| p.value.trim().eq_ignore_ascii_case(value))
    };
    let mut rrules = Vec::new();
    let mut rdates = Vec::new();
    let mut exdates = Vec::new();
    for p in props {
        match p.name.as_str() {
            "RRULE" => rrules.push(rule(p)?),
            "RDATE" => rdates.extend(whens(p)?),
            "EXDATE" => exdates.extend(whens(p)?),
            _ => {}
        }
    }
    Ok(FeedEvent {
        uid: first("UID").map(|p| p.value.trim().to_owned()),
        start,
        end,
        duration,
        cancelled: flag("STATUS", "CANCELLED"),
        transparent: flag("TRANSP", "TRANSPARENT"),
        rrules,
        rdates,
        exdates,
        recurrence_id: first("RECURRENCE-ID").map(when).transpose()?,
        sequence: first("SEQUENCE")
            .and_then(|p| p.value.trim().parse().ok())
            .unwrap_or(0),
        line: begin,
    })
}

fn when(p: &Prop<'_>) -> Result<When, FeedError> {
    parse_when(p.value.trim(), &p.params).ok_or_else(|| unreadable(p))
}

fn whens(p: &Prop<'_>) -> Result<Vec<When>, FeedError> {
    p.value
        .split(',')
        .filter(|v| !v.trim().is_empty())
        // A PERIOD (start/end or start/duration): its start.
        .map(|v| {
            let v = v.split('/').next().unwrap_or(v).trim();
            parse_when(v, &p.params).ok_or_else(|| unreadable(p))
        })
        .collect()
}

/// An RRULE the library can read, or the feed refused at its line (B4): a rule read
/// wrong would under-block the channel's nights, and a refused import keeps the
/// nights the source blocked before.
fn rule(p: &Prop<'_>) -> Result<String, FeedError> {
    let text = p.value.trim();
    match utc_until(text, Tz::UTC).parse::<rrule::RRule<rrule::Unvalidated>>() {
        Ok(_) => Ok(text.to_owned()),
        Err(_) => Err(FeedError::at(
            p.line,
            format!(
                "règle de répétition (RRULE) illisible « {} »",
                text.chars().take(40).collect::<String>()
            ),
        )),
    }
}

fn unreadable(p: &Prop<'_>) -> FeedError {
    FeedError::at(
        p.line,
        format!(
            "date {} illisible « {} »",
            p.name,
            p.value.chars().take(40).collect::<String>()
        ),
    )
}

fn parse_when(value: &str, params: &[(String, String)]) -> Option<When> {
    let is_date = param_value(params, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    if is_date || (value.len() == 8 && !value.contains('T')) {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()
            .map(When::Date);
    }
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(When::Utc(Utc.from_utc_datetime(&naive)));
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    Some(match param_value(params, "TZID") {
        Some(tzid) => When::Zoned(naive, tzid),
        None => When::Floating(naive),
    })
}

fn length(p: &Prop<'_>) -> Result<Length, FeedError> {
    let bad = || {
        FeedError::at(
            p.line,
            format!(
                "durée illisible « {} »",
                p.value.chars().take(40).collect::<String>()
            ),
        )
    };
    let value = p.value.trim();
    let value = value.strip_prefix('+').unwrap_or(value);
    if value.starts_with('-') {
        return Err(FeedError::at(p.line, "une durée négative"));
    }
    match iso8601::duration(value).map_err(|_| bad())? {
        iso8601::Duration::Weeks(w) => Ok(Length {
            days: u64::from(w) * 7,
            seconds: 0,
        }),
        iso8601::Duration::YMDHMS {
            year,
            month,
            day,
            hour,
            minute,
            second,
            ..
        } => {
            if year != 0 || month != 0 {
                return Err(bad());
            }
            Ok(Length {
                days: u64::from(day),
                seconds: u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second),
            })
        }
    }
}

/// A time zone from a TZID: an IANA name, or one a calendar program prefixed
/// (`/mozilla.org/…/Europe/Paris`); `None` when unknown (then it reads as local).
fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = Tz::from_str(tzid) {
        return Some(tz);
    }
    let parts: Vec<&str> = tzid.split('/').filter(|s| !s.is_empty()).collect();
    (2..=3.min(parts.len()))
        .rev()
        .find_map(|n| Tz::from_str(&parts[parts.len() - n..].join("/")).ok())
}

/// A local time in `tz` (the first of two in the autumn; an hour later in a spring gap).
fn local_in(tz: Tz, naive: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&naive).earliest() {
        Some(t) => t,
        None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .unwrap_or_else(|| tz.from_utc_datetime(&naive)),
    }
}

/// The instant of a timed value (a floating or unknown-zone time in the provider's zone).
fn instant(value: &When, provider: Tz) -> DateTime<Tz> {
    match value {
        When::Date(d) => local_in(provider, d.and_time(chrono::NaiveTime::MIN)),
        When::Floating(n) => local_in(provider, *n),
        When::Utc(u) => u.with_timezone(&provider),
        When::Zoned(n, tzid) => match zone(tzid) {
            Some(tz) => local_in(tz, *n).with_timezone(&provider),
            None => local_in(provider, *n),
        },
    }
}

/// An occurrence: its first night and the night after its last, or a timed span.
#[derive(Debug, Clone, Copy)]
enum Span {
    Days(NaiveDate, u64),
    Timed(DateTime<Tz>, chrono::Duration),
}

fn nights_of(
    span: Span,
    provider: Tz,
    window: (NaiveDate, NaiveDate),
    out: &mut BTreeSet<NaiveDate>,
) {
    let (first, after) = match span {
        Span::Days(start, days) => (start, start.checked_add_days(Days::new(days.max(1)))),
        Span::Timed(start, length) => {
            let from = start.with_timezone(&provider).date_naive();
            let to = (start + length).with_timezone(&provider).date_naive();
            if to <= from {
                (from, from.checked_add_days(Days::new(1)))
            } else {
                (from, Some(to))
            }
        }
    };
    let Some(after) = after else { return };
    let mut night = first.max(window.0);
    while night < after && night <= window.1 {
        out.insert(night);
        match night.succ_opt() {
            Some(n) => night = n,
            None => return,
        }
    }
}

/// The nights `events` block in a provider whose time zone is `provider`, counted from
/// `today` to [`HORIZON_DAYS`] ahead (rule B4).
pub fn blocked_nights(events: &[FeedEvent], provider: Tz, today: NaiveDate) -> BTreeSet<NaiveDate> {
    let last = today
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(today);
    let window = (today, last);
    let events = current_versions(events);
    // Occurrences replaced by a RECURRENCE-ID event: (uid, instant).
    let replaced: HashSet<(String, DateTime<Utc>)> = events
        .iter()
        .filter_map(|e| {
            let id = e.recurrence_id.as_ref()?;
            Some((e.uid.clone()?, instant(id, provider).with_timezone(&Utc)))
        })
        .collect();
    let mut out = BTreeSet::new();
    for event in &events {
        if event.cancelled || event.transparent || event.is_ours() {
            continue;
        }
        for span in occurrences(event, provider, window, &replaced) {
            nights_of(span, provider, window, &mut out);
        }
    }
    out
}

/// The events that count: of several versions of one event (same UID, same
/// RECURRENCE-ID or none), the one with the highest SEQUENCE (the last one on a tie);
/// a replaced occurrence older than its series' current version is dropped.
fn current_versions(events: &[FeedEvent]) -> Vec<&FeedEvent> {
    use std::collections::HashMap;
    let mut latest: HashMap<(&str, Option<&When>), usize> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        let Some(uid) = e.uid.as_deref() else {
            continue;
        };
        let key = (uid, e.recurrence_id.as_ref());
        match latest.get(&key) {
            Some(&j) if events[j].sequence > e.sequence => {}
            _ => {
                latest.insert(key, i);
            }
        }
    }
    events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            let Some(uid) = e.uid.as_deref() else {
                return true;
            };
            if latest.get(&(uid, e.recurrence_id.as_ref())) != Some(i) {
                return false;
            }
            match (&e.recurrence_id, latest.get(&(uid, None))) {
                (Some(_), Some(&master)) => e.sequence >= events[master].sequence,
                _ => true,
            }
        })
        .map(|(_, e)| e)
        .collect()
}

/// The spans of an event: its own, or every occurrence of its recurrence.
fn occurrences(
    event: &FeedEvent,
    provider: Tz,
    window: (NaiveDate, NaiveDate),
    replaced: &HashSet<(String, DateTime<Utc>)>,
) -> Vec<Span> {
    let all_day = matches!(event.start, When::Date(_));
    let start = instant(&event.start, provider);
    let (days, length) = match (&event.end, event.duration) {
        (Some(end), _) if all_day => {
            let end_date = match end {
                When::Date(d) => *d,
                other => instant(other, provider).date_naive(),
            };
            let days = (end_date - start.date_naive()).num_days();
            (
                u64::try_from(days).unwrap_or(0).max(1),
                chrono::Duration::zero(),
            )
        }
        (Some(end), _) => (0, instant(end, provider) - start),
        (None, Some(d)) if all_day => (d.days.max(1), chrono::Duration::zero()),
        (None, Some(d)) => (
            0,
            chrono::Duration::days(
                i64::try_from(d.days)
                    .unwrap_or(i64::MAX / 86_400_000)
                    .min(100_000),
            ) + chrono::Duration::seconds(i64::try_from(d.seconds).unwrap_or(0).min(1 << 40)),
        ),
        (None, None) if all_day => (1, chrono::Duration::zero()),
        (None, None) => (0, chrono::Duration::zero()),
    };
    let span = |at: DateTime<Tz>| {
        if all_day {
            Span::Days(at.date_naive(), days)
        } else {
            Span::Timed(at, length)
        }
    };
    // A replaced occurrence is one occurrence (its own RRULE and RDATE mean nothing).
    if event.recurrence_id.is_some() || (event.rrules.is_empty() && event.rdates.is_empty()) {
        return vec![span(start)];
    }
    let is_replaced = |at: &DateTime<Tz>| {
        event.recurrence_id.is_none()
            && event
                .uid
                .as_ref()
                .is_some_and(|uid| replaced.contains(&(uid.clone(), at.with_timezone(&Utc))))
    };
    match expand(event, start, provider, window, days, length) {
        Some(starts) => starts
            .into_iter()
            .filter(|at| !is_replaced(at))
            .map(span)
            .collect(),
        // A rule the library cannot expand: the first occurrence still blocks.
        None => vec![span(start)],
    }
}

/// The starts of a recurring event's occurrences that may touch the window.
fn expand(
    event: &FeedEvent,
    start: DateTime<Tz>,
    provider: Tz,
    window: (NaiveDate, NaiveDate),
    days: u64,
    length: chrono::Duration,
) -> Option<Vec<DateTime<Tz>>> {
    let rtz = rrule::Tz::Tz(start.timezone());
    let dt_start = start.with_timezone(&rtz);
    let mut set = rrule::RRuleSet::new(dt_start);
    for text in &event.rrules {
        let text = utc_until(text, start.timezone());
        let rule: rrule::RRule<rrule::Unvalidated> = text.parse().ok()?;
        set = set.rrule(rule.validate(dt_start).ok()?);
    }
    // The start itself is an occurrence even when the rule does not give it.
    set = set.rdate(dt_start);
    for rdate in &event.rdates {
        set = set.rdate(instant(rdate, provider).with_timezone(&rtz));
    }
    for exdate in &event.exdates {
        set = set.exdate(instant(exdate, provider).with_timezone(&rtz));
    }
    let reach = chrono::Duration::days(i64::try_from(days).unwrap_or(0) + 2)
        + length.max(chrono::Duration::zero());
    let from = local_in(provider, window.0.and_time(chrono::NaiveTime::MIN)) - reach;
    let to =
        local_in(provider, window.1.and_time(chrono::NaiveTime::MIN)) + chrono::Duration::days(2);
    let result = set
        .after(from.with_timezone(&rtz))
        .before(to.with_timezone(&rtz))
        .all(MAX_OCCURRENCES);
    let mut starts: Vec<DateTime<Tz>> = result
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&start.timezone()))
        .collect();
    starts.dedup();
    Some(starts)
}

/// A rule whose UNTIL is written as a UTC time, as the library wants it: a date
/// (inclusive: its last second), a floating or UTC time, read in `zone`.
fn utc_until(rule: &str, zone: Tz) -> String {
    rule.split(';')
        .map(|part| {
            let Some(value) = part
                .split_once('=')
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case("UNTIL"))
                .map(|(_, v)| v.trim())
            else {
                return part.to_owned();
            };
            let until = match parse_when(value, &[]) {
                Some(When::Date(d)) => d.succ_opt().map(|next| {
                    local_in(zone, next.and_time(chrono::NaiveTime::MIN))
                        - chrono::Duration::seconds(1)
                }),
                Some(When::Floating(n)) => Some(local_in(zone, n)),
                Some(When::Utc(u)) => Some(u.with_timezone(&zone)),
                _ => None,
            };
            match until {
                Some(u) => format!("UNTIL={}", u.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")),
                None => part.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// One stay in our own feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupied {
    /// The booking's or hold's id: its UID is `<id>@guichet`.
    pub id: uuid::Uuid,
    /// First night.
    pub start: NaiveDate,
    /// The morning of departure (DTEND, exclusive).
    pub end: NaiveDate,
}

/// Our feed of a unit's occupancy: one all-day VEVENT per stay, with our UID,
/// `SUMMARY:Réservé` and nothing personal (B4). `stamp` is the DTSTAMP of every event.
pub fn render(unit_name: &str, stays: &[Occupied], stamp: DateTime<Utc>) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(200 + stays.len() * 160);
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Guichet//Guichet//FR\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    let name: String = unit_name
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '\\' | ';' | ',' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let _ = write!(out, "X-WR-CALNAME:{name}\r\n");
    let stamp = stamp.format("%Y%m%dT%H%M%SZ");
    for stay in stays {
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nUID:{}{OUR_UID_DOMAIN}\r\nDTSTAMP:{stamp}\r\nDTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\nSUMMARY:Réservé\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n",
            stay.id,
            stay.start.format("%Y%m%d"),
            stay.end.format("%Y%m%d"),
        );
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// Runs of consecutive nights: (first night, nights).
pub fn runs(nights: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, u32)> {
    let mut out: Vec<(NaiveDate, u32)> = Vec::new();
    for night in nights {
        if let Some((first, n)) = out.last_mut() {
            if first.checked_add_days(Days::new(u64::from(*n))) == Some(*night) {
                *n += 1;
                continue;
            }
        }
        out.push((*night, 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PARIS: Tz = chrono_tz::Europe::Paris;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn feed(body: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n")
    }

    fn nights(body: &str, today: &str) -> Vec<String> {
        let events = parse(feed(body).as_bytes()).unwrap();
        blocked_nights(&events, PARIS, d(today))
            .into_iter()
            .map(|n| n.to_string())
            .collect()
    }

    #[test]
    fn b4_all_day_dtend_is_exclusive_and_alone_is_one_night() {
        assert_eq!(
            nights("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270704\r\nDTEND;VALUE=DATE:20270707\r\nEND:VEVENT\r\n", "2027-01-01"),
            ["2027-07-04", "2027-07-05", "2027-07-06"]
        );
        assert_eq!(
            nights(
                "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270704\r\nEND:VEVENT\r\n",
                "2027-01-01"
            ),
            ["2027-07-04"]
        );
        assert_eq!(
            nights("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270704\r\nDURATION:P2D\r\nEND:VEVENT\r\n", "2027-01-01"),
            ["2027-07-04", "2027-07-05"]
        );
    }

    #[test]
    fn b4_cancelled_transparent_and_our_own_events_block_nothing() {
        let body = "BEGIN:VEVENT\r\nUID:a\r\nSTATUS:CANCELLED\r\nDTSTART;VALUE=DATE:20270704\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b\r\nTRANSP:TRANSPARENT\r\nDTSTART;VALUE=DATE:20270705\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:0190-aa@guichet\r\nDTSTART;VALUE=DATE:20270706\r\nEND:VEVENT\r\n";
        assert!(nights(body, "2027-01-01").is_empty());
    }

    #[test]
    fn b4_timed_events_take_dates_in_the_providers_zone() {
        // 23:30 UTC on 3 July is 01:30 on 4 July in Paris; ends 09:00 Paris on 6 July.
        assert_eq!(
            nights("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270703T233000Z\r\nDTEND;TZID=Europe/Paris:20270706T090000\r\nEND:VEVENT\r\n", "2027-01-01"),
            ["2027-07-04", "2027-07-05"]
        );
        // New York 20:00 on 3 July is 02:00 on 4 July in Paris.
        assert_eq!(
            nights("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=America/New_York:20270703T200000\r\nDTEND;TZID=America/New_York:20270704T200000\r\nEND:VEVENT\r\n", "2027-01-01"),
            ["2027-07-04"]
        );
        // Floating: local. Same date start and end: that night.
        assert_eq!(
            nights("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270703T100000\r\nDTEND:20270703T120000\r\nEND:VEVENT\r\n", "2027-01-01"),
            ["2027-07-03"]
        );
        // Timed with DURATION.
        assert_eq!(
            nights("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270703T160000\r\nDURATION:P2DT1H\r\nEND:VEVENT\r\n", "2027-01-01"),
            ["2027-07-03", "2027-07-04"]
        );
    }

    #[test]
    fn b4_recurrences_are_expanded_with_rdate_and_exdate() {
        let body = "BEGIN:VEVENT\r\nUID:r\r\nDTSTART;VALUE=DATE:20270105\r\nDTEND;VALUE=DATE:20270106\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;VALUE=DATE:20270112\r\nRDATE;VALUE=DATE:20270201\r\nEND:VEVENT\r\n";
        assert_eq!(
            nights(body, "2027-01-01"),
            ["2027-01-05", "2027-01-19", "2027-01-26", "2027-02-01"]
        );
    }

    #[test]
    fn b4_a_cancelled_occurrence_frees_its_night() {
        let body = "BEGIN:VEVENT\r\nUID:r\r\nDTSTART;VALUE=DATE:20270105\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:r\r\nRECURRENCE-ID;VALUE=DATE:20270106\r\nDTSTART;VALUE=DATE:20270106\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n";
        assert_eq!(nights(body, "2027-01-01"), ["2027-01-05", "2027-01-07"]);
    }

    #[test]
    fn b4_only_nights_from_today_to_730_days_ahead_count() {
        let body = "BEGIN:VEVENT\r\nUID:r\r\nDTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n";
        let got = nights(body, "2027-01-01");
        assert_eq!(got.len(), 731);
        assert_eq!(got.first().unwrap(), "2027-01-01");
        assert_eq!(got.last().unwrap(), "2028-12-31");
    }

    #[test]
    fn b4_malformed_feeds_name_the_line() {
        let e = parse(b"hello\nworld").unwrap_err();
        assert_eq!(e.line, Some(1));
        let truncated = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270704\r\n";
        let e = parse(truncated.as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        assert!(e.to_string().contains("END:VCALENDAR"), "{e}");
        let bad_date =
            feed("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:2027-07-04\r\nEND:VEVENT\r\n");
        let e = parse(bad_date.as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
        let binary = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\xff\xfe\x00\x01";
        assert_eq!(parse(binary).unwrap_err().line, Some(3));
        let no_colon = feed("BEGIN:VEVENT\r\nthis is not a property\r\nEND:VEVENT\r\n");
        assert_eq!(parse(no_colon.as_bytes()).unwrap_err().line, Some(5));
        // A rule read wrong would leave nights free: refused, its line named.
        let garbage = feed(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270704\r\nRRULE:FREQ=;;;INTERVAL=-1\r\nEND:VEVENT\r\n",
        );
        let e = parse(garbage.as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(7), "{e}");
        assert!(e.to_string().contains("RRULE"), "{e}");
        let local_until = feed(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Paris:20270704T150000\r\nRRULE:FREQ=WEEKLY;UNTIL=20270801T150000\r\nEND:VEVENT\r\n",
        );
        assert!(
            parse(local_until.as_bytes()).is_ok(),
            "a local UNTIL is read"
        );
    }

    #[test]
    fn b4_our_own_feed_read_back_blocks_nothing() {
        let stays = [Occupied {
            id: uuid::Uuid::from_u128(7),
            start: d("2027-07-04"),
            end: d("2027-07-11"),
        }];
        let text = render(
            "Gîte « Les Tilleuls »; 1",
            &stays,
            "2027-01-01T10:00:00Z".parse().unwrap(),
        );
        let events = parse(text.as_bytes()).unwrap();
        assert_eq!(events.len(), 1);
        assert!(events[0].is_ours());
        assert!(!text.contains("Tilleuls »; 1\r\n"));
        assert!(blocked_nights(&events, PARIS, d("2027-01-01")).is_empty());
    }

    proptest! {
        /// B4: an all-day stay blocks exactly its nights that fall in the window.
        #[test]
        fn b4_all_day_stays_block_their_nights_in_the_window(
            offset in -40i64..800, len in 1u64..40, today_off in 0i64..400
        ) {
            let base = d("2027-01-01");
            let today = base + chrono::Duration::days(today_off);
            let start = base + chrono::Duration::days(offset);
            let end = start + chrono::Duration::days(i64::try_from(len).unwrap());
            let events = vec![FeedEvent {
                uid: Some("x".into()), start: When::Date(start), end: Some(When::Date(end)),
                duration: None, cancelled: false, transparent: false, rrules: vec![],
                rdates: vec![], exdates: vec![], recurrence_id: None, sequence: 0, line: 1,
            }];
            let got = blocked_nights(&events, PARIS, today);
            let last = today + chrono::Duration::days(730);
            let want: BTreeSet<NaiveDate> = start.iter_days()
                .take_while(|n| *n < end)
                .filter(|n| *n >= today && *n <= last)
                .collect();
            prop_assert_eq!(got, want);
        }

        /// B4: an event's nights are blocked whatever other events say, and ours never.
        #[test]
        fn b4_ours_and_cancelled_never_add_nights(offsets in proptest::collection::vec((0i64..700, 1u64..10, 0u8..4), 0..20)) {
            let base = d("2027-01-01");
            let events: Vec<FeedEvent> = offsets.iter().enumerate().map(|(i, (o, l, kind))| {
                let start = base + chrono::Duration::days(*o);
                FeedEvent {
                    uid: Some(if *kind == 3 { format!("{i}@guichet") } else { format!("{i}@airbnb.com") }),
                    start: When::Date(start),
                    end: Some(When::Date(start + chrono::Duration::days(i64::try_from(*l).unwrap()))),
                    duration: None, cancelled: *kind == 1, transparent: *kind == 2,
                    rrules: vec![], rdates: vec![], exdates: vec![], recurrence_id: None, sequence: 0, line: 1,
                }
            }).collect();
            let all = blocked_nights(&events, PARIS, base);
            let kept: Vec<FeedEvent> = events.iter().filter(|e| !e.cancelled && !e.transparent && !e.is_ours()).cloned().collect();
            prop_assert_eq!(&all, &blocked_nights(&kept, PARIS, base));
            let runs = runs(&all);
            prop_assert_eq!(runs.iter().map(|(_, n)| u64::from(*n)).sum::<u64>(), all.len() as u64);
        }

        /// Whatever the bytes, reading a feed never panics.
        #[test]
        fn b4_any_bytes_are_read_or_refused_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut input = b"BEGIN:VCALENDAR\r\n".to_vec();
            input.extend(bytes);
            if let Ok(events) = parse(&input) {
                let _ = blocked_nights(&events, PARIS, d("2027-01-01"));
            }
        }
    }
}
