//! Decisions on findings: what the team decided about each finding, keyed by the finding's stable
//! id, and the join of findings with decisions ([`triage`]) that gives every finding its status.
//!
//! A finding without a decision is `open`. Reopening a finding removes its decision; the review
//! keeps the latest decision per finding and, separately, the history of every decision and
//! reopening ([`DecisionEvent`]). A decision whose finding no longer exists (the architecture
//! changed, or the rule went away) is **orphaned**: it stays in the review and in the file, and
//! [`triage`] lists it, so that nothing the team wrote disappears silently — if the finding comes
//! back, its decision applies again.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ReviewError;
use crate::engine::{Basis, Finding, Summary};
use crate::practices::Risk;

/// What the team decided about a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    /// The risk is known and accepted (a justification is required).
    Accepted,
    /// The risk is handled outside what the drawing shows (a control, a process).
    Mitigated,
    /// The finding is wrong for this architecture (a justification is required).
    FalsePositive,
    /// The best practice does not apply to this workload.
    NotApplicable,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 4] = [
        DecisionStatus::Accepted,
        DecisionStatus::Mitigated,
        DecisionStatus::FalsePositive,
        DecisionStatus::NotApplicable,
    ];

    /// The id used in files, JSON and the CLI.
    pub fn id(self) -> &'static str {
        FindingStatus::from(self).id()
    }

    /// Whether a decision with this status must say why.
    pub fn needs_justification(self) -> bool {
        matches!(
            self,
            DecisionStatus::Accepted | DecisionStatus::FalsePositive
        )
    }

    /// The statuses a decision cannot have without a justification, in [`DecisionStatus::ALL`]
    /// order.
    pub fn requiring_justification() -> Vec<DecisionStatus> {
        Self::ALL
            .into_iter()
            .filter(|s| s.needs_justification())
            .collect()
    }

    /// Parses [`DecisionStatus::id`].
    pub fn from_id(id: &str) -> Option<DecisionStatus> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// The status of a finding in a review: `open`, or the status of its decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    Open,
    Accepted,
    Mitigated,
    FalsePositive,
    NotApplicable,
}

impl FindingStatus {
    pub fn id(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Accepted => "accepted",
            FindingStatus::Mitigated => "mitigated",
            FindingStatus::FalsePositive => "false_positive",
            FindingStatus::NotApplicable => "not_applicable",
        }
    }

    /// For people: "open", "accepted", "mitigated", "false positive", "not applicable".
    pub fn label(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Accepted => "accepted",
            FindingStatus::Mitigated => "mitigated",
            FindingStatus::FalsePositive => "false positive",
            FindingStatus::NotApplicable => "not applicable",
        }
    }
}

impl FindingStatus {
    /// Parses [`FindingStatus::id`].
    pub fn from_id(id: &str) -> Option<FindingStatus> {
        [
            FindingStatus::Open,
            FindingStatus::Accepted,
            FindingStatus::Mitigated,
            FindingStatus::FalsePositive,
            FindingStatus::NotApplicable,
        ]
        .into_iter()
        .find(|s| s.id() == id)
    }
}

impl From<DecisionStatus> for FindingStatus {
    fn from(s: DecisionStatus) -> Self {
        match s {
            DecisionStatus::Accepted => FindingStatus::Accepted,
            DecisionStatus::Mitigated => FindingStatus::Mitigated,
            DecisionStatus::FalsePositive => FindingStatus::FalsePositive,
            DecisionStatus::NotApplicable => FindingStatus::NotApplicable,
        }
    }
}

/// A decision on one finding. Build it, then [`Decision::validate`] it (or hand it to
/// [`super::Review::decide`], which does).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The stable id of the finding (`<rule>@<component>` or `<rule>@flow:<flow>`).
    pub finding: String,
    pub status: DecisionStatus,
    /// Why; required for `accepted` and `false_positive`.
    pub justification: String,
    /// Who decided (a name or a team).
    pub owner: String,
    /// When, as an ISO date (`2026-11-25`).
    pub date: String,
    /// A link to the ticket that tracks it (http or https).
    #[serde(default)]
    pub ticket: Option<String>,
}

impl Decision {
    /// Checks every field; the error names the first problem.
    pub fn validate(&self) -> Result<(), ReviewError> {
        if self.finding.trim().is_empty() {
            return Err(ReviewError::NoFinding);
        }
        if self.status.needs_justification() && self.justification.trim().is_empty() {
            return Err(ReviewError::JustificationRequired {
                finding: self.finding.clone(),
                status: self.status,
            });
        }
        if self.owner.trim().is_empty() {
            return Err(ReviewError::OwnerRequired {
                finding: self.finding.clone(),
            });
        }
        if !is_iso_date(&self.date) {
            return Err(ReviewError::InvalidDate {
                date: self.date.clone(),
            });
        }
        if let Some(ticket) = &self.ticket {
            if !is_web_link(ticket) {
                return Err(ReviewError::InvalidTicket {
                    ticket: ticket.clone(),
                });
            }
        }
        Ok(())
    }
}

/// One entry of a review's decision history: a decision, or a reopening (status `open`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionEvent {
    pub finding: String,
    pub status: FindingStatus,
    pub justification: String,
    pub owner: String,
    pub date: String,
    pub ticket: Option<String>,
}

impl From<&Decision> for DecisionEvent {
    fn from(d: &Decision) -> Self {
        Self {
            finding: d.finding.clone(),
            status: d.status.into(),
            justification: d.justification.clone(),
            owner: d.owner.clone(),
            date: d.date.clone(),
            ticket: d.ticket.clone(),
        }
    }
}

/// `YYYY-MM-DD` with a real month and day (leap years included).
pub fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = date.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// An absolute `http://` or `https://` URL with a host, no spaces and no control characters.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Today's date where the person is, as `YYYY-MM-DD`: the one "today" of Lensboard, for the
/// date of a reopening, the date of a report, and the default date of a decision in the app
/// (whose UI asks for it rather than reading its own clock). See [`local_date_of`].
pub fn today() -> String {
    date_in(jiff::Timestamp::now(), &jiff::tz::TimeZone::system())
}

/// The local date of a Unix time, as `YYYY-MM-DD`: the date on the calendar of the system's time
/// zone (`TZ`, else `/etc/localtime`; UTC when the system names none), which is what a person
/// calls the day something happened.
pub fn local_date_of(unix_seconds: i64) -> String {
    match jiff::Timestamp::from_second(unix_seconds) {
        Ok(at) => date_in(at, &jiff::tz::TimeZone::system()),
        Err(_) => date_of(unix_seconds),
    }
}

/// The date of `at` on the calendar of `zone`.
fn date_in(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    let date = zone.to_datetime(at).date();
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The UTC date of a Unix time, as `YYYY-MM-DD` (Howard Hinnant's civil-from-days).
pub fn date_of(unix_seconds: i64) -> String {
    let z = unix_seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A finding with its status in the review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewedFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub status: FindingStatus,
    /// The decision behind a status other than `open`.
    pub decision: Option<Decision>,
}

/// Counts of a review's findings: open ones per risk (these are the risks), and decided ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusSummary {
    /// Open findings per risk level.
    pub open: Summary,
    /// Findings with a decision (any status but open); they do not count as open risks.
    pub decided: u32,
}

/// Findings joined with decisions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Triage {
    /// Every finding, in the order given, with its status.
    pub findings: Vec<ReviewedFinding>,
    /// Decisions whose finding does not exist (any more), sorted by finding id. They stay in the
    /// review; they are listed here so that the UI and reports can show them.
    pub orphaned: Vec<Decision>,
    pub summary: StatusSummary,
}

/// Whether findings that rest only on properties nobody set count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unstated {
    Count,
    Ignore,
}

impl Triage {
    /// The open findings at or above `risk`.
    pub fn open_at_or_above(&self, risk: Risk, unstated: Unstated) -> usize {
        self.findings
            .iter()
            .filter(|f| f.open_at_or_above(risk, unstated))
            .count()
    }
}

impl ReviewedFinding {
    /// `finding` with its status in a review whose decisions are `decisions` (keyed by finding
    /// id; `open` when undecided), counted in `summary`.
    pub fn of(
        finding: Finding,
        decisions: &BTreeMap<String, Decision>,
        summary: &mut StatusSummary,
    ) -> ReviewedFinding {
        let decision = decisions.get(&finding.id).cloned();
        let status = match &decision {
            Some(d) => {
                summary.decided += 1;
                FindingStatus::from(d.status)
            }
            None => {
                match finding.risk {
                    Risk::High => summary.open.high += 1,
                    Risk::Medium => summary.open.medium += 1,
                    Risk::Low => summary.open.low += 1,
                }
                FindingStatus::Open
            }
        };
        ReviewedFinding {
            finding,
            status,
            decision,
        }
    }

    /// Whether this is an open finding at or above `risk` (one that fails a check).
    pub fn open_at_or_above(&self, risk: Risk, unstated: Unstated) -> bool {
        self.status == FindingStatus::Open
            && self.finding.risk >= risk
            && (unstated == Unstated::Count || self.finding.basis != Basis::Unstated)
    }
}

/// Joins `findings` with `decisions` (keyed by finding id): each finding's status (`open` when
/// undecided), the orphaned decisions, and the counts.
pub fn triage(findings: &[Finding], decisions: &BTreeMap<String, Decision>) -> Triage {
    Triage::new(findings.to_vec(), decisions)
}

impl Triage {
    /// [`triage`] of findings the caller no longer needs: they are moved, not copied (a large
    /// architecture has hundreds of thousands).
    pub fn new(findings: Vec<Finding>, decisions: &BTreeMap<String, Decision>) -> Triage {
        let mut summary = StatusSummary::default();
        let findings: Vec<ReviewedFinding> = findings
            .into_iter()
            .map(|finding| ReviewedFinding::of(finding, decisions, &mut summary))
            .collect();
        let orphaned = if decisions.is_empty() {
            Vec::new()
        } else {
            let seen: BTreeSet<&str> = findings.iter().map(|r| r.finding.id.as_str()).collect();
            decisions
                .iter()
                .filter(|(id, _)| !seen.contains(id.as_str()))
                .map(|(_, d)| d.clone())
                .collect()
        };
        Triage {
            findings,
            orphaned,
            summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_calendar_days() {
        assert!(is_iso_date("2026-11-25"));
        assert!(is_iso_date("2024-02-29"), "2024 is a leap year");
        assert!(!is_iso_date("2026-02-29"), "2026 is not");
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("2026-1-01"));
        assert!(!is_iso_date("25/11/2026"));
        assert!(!is_iso_date("2026-11-2x"));
    }

    #[test]
    fn tickets_must_be_http_or_https_links() {
        assert!(is_web_link("https://jira.example.com/browse/SEC-12"));
        assert!(is_web_link("http://tickets.local:8080/1"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("ftp://example.com/x"));
        assert!(!is_web_link("https://"));
        assert!(!is_web_link("https://exa mple.com"));
        assert!(!is_web_link("https://\"><script>/"));
    }

    #[test]
    fn unix_times_become_utc_dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(1_767_225_600), "2026-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
    }

    #[test]
    fn the_local_date_is_the_day_on_the_calendar_of_the_time_zone() {
        use jiff::tz::{Offset, TimeZone};
        // 2026-01-01 02:30 UTC: still New Year's Eve five hours west of Greenwich.
        let at = jiff::Timestamp::from_second(1_767_234_600).unwrap();
        assert_eq!(date_in(at, &TimeZone::UTC), "2026-01-01");
        let west = TimeZone::fixed(Offset::from_hours(-5).unwrap());
        assert_eq!(date_in(at, &west), "2025-12-31");
        let east = TimeZone::fixed(Offset::from_hours(9).unwrap());
        assert_eq!(date_in(at, &east), "2026-01-01");
    }

    #[test]
    fn today_is_a_valid_date() {
        let today = today();
        assert!(
            is_iso_date(&today),
            "{today} is YYYY-MM-DD, as a decision's date must be"
        );
    }
}
