//! Business rules of the incident table: numbering, priority, state.

use super::Record;

/// Priority from impact × urgency, as the default priority lookup does.
pub(crate) fn priority(impact: &str, urgency: &str) -> Option<&'static str> {
    const MATRIX: [[&str; 3]; 3] = [["1", "2", "3"], ["2", "3", "4"], ["3", "4", "5"]];
    let index = |v: &str| match v {
        "1" => Some(0),
        "2" => Some(1),
        "3" => Some(2),
        _ => None,
    };
    Some(MATRIX[index(impact)?][index(urgency)?])
}

/// Incident numbers: INC followed by seven digits.
pub(crate) fn number(counter: u64) -> String {
    format!("INC{counter:07}")
}

/// Fills the defaults a new incident gets on a real instance.
pub(crate) fn on_insert(record: &mut Record, number: String, user_sys_id: &str, now: &str) {
    let mut default = |field: &str, value: &str| {
        record
            .entry(field.to_string())
            .or_insert_with(|| value.to_string());
    };
    default("number", &number);
    default("impact", "3");
    default("urgency", "3");
    default("state", "1");
    default("caller_id", "");
    default("opened_by", user_sys_id);
    default("opened_at", now);
    for field in [
        "short_description",
        "description",
        "assigned_to",
        "assignment_group",
        "close_code",
        "close_notes",
        "resolved_at",
        "closed_at",
    ] {
        default(field, "");
    }
    default("category", "inquiry");
    let state = record.get("state").cloned().unwrap_or_default();
    record
        .entry("incident_state".to_string())
        .or_insert_with(|| state.clone());
    record.insert("active".to_string(), active_for(&state).to_string());
    recompute_priority(record);
}

/// Keeps derived fields consistent after a client changed `changed` fields.
pub(crate) fn on_update(record: &mut Record, changed: &[String]) {
    let touched = |f: &str| changed.iter().any(|c| c == f);
    if touched("impact") || touched("urgency") {
        recompute_priority(record);
    }
    if touched("state") {
        let state = record.get("state").cloned().unwrap_or_default();
        record.insert("incident_state".to_string(), state.clone());
        record.insert("active".to_string(), active_for(&state).to_string());
    } else if touched("incident_state") {
        let state = record.get("incident_state").cloned().unwrap_or_default();
        record.insert("state".to_string(), state.clone());
        record.insert("active".to_string(), active_for(&state).to_string());
    }
}

fn recompute_priority(record: &mut Record) {
    let impact = record.get("impact").map(String::as_str).unwrap_or("3");
    let urgency = record.get("urgency").map(String::as_str).unwrap_or("3");
    if let Some(p) = priority(impact, urgency) {
        record.insert("priority".to_string(), p.to_string());
    }
}

/// Closed (7) and Canceled (8) incidents are inactive.
fn active_for(state: &str) -> &'static str {
    if matches!(state, "7" | "8") {
        "false"
    } else {
        "true"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_matrix() {
        assert_eq!(priority("1", "1"), Some("1"));
        assert_eq!(priority("2", "2"), Some("3"));
        assert_eq!(priority("1", "3"), Some("3"));
        assert_eq!(priority("3", "2"), Some("4"));
        assert_eq!(priority("3", "3"), Some("5"));
        assert_eq!(priority("0", "3"), None);
    }

    #[test]
    fn numbering() {
        assert_eq!(number(10001), "INC0010001");
    }

    #[test]
    fn update_recomputes() {
        let mut r = Record::new();
        on_insert(&mut r, number(10001), "u", "2024-01-01 00:00:00");
        assert_eq!(r["priority"], "5");
        assert_eq!(r["active"], "true");
        r.insert("impact".into(), "1".into());
        r.insert("state".into(), "7".into());
        on_update(&mut r, &["impact".into(), "state".into()]);
        assert_eq!(r["priority"], "3");
        assert_eq!(r["incident_state"], "7");
        assert_eq!(r["active"], "false");
    }
}
