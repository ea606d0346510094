use serde::Serialize;
use serde_json::Value;

use crate::api::Exchange;
use crate::instance::Instance;

/// What the Incident tab shows after a create: the number people quote, and a way to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IncidentSummary {
    pub number: String,
    pub sys_id: String,
    pub priority: String,
    pub state: String,
    /// The record in the instance's UI.
    pub url: String,
}

impl IncidentSummary {
    pub fn from_exchange(x: &Exchange, instance: &Instance) -> Option<Self> {
        if !x.is_success() {
            return None;
        }
        let r = x.result()?;
        let field = |k: &str| match r.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(o)) => o
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        };
        let sys_id = field("sys_id");
        let number = field("number");
        if sys_id.is_empty() || number.is_empty() {
            return None;
        }
        let mut url = instance.url("/nav_to.do");
        url.query_pairs_mut()
            .append_pair("uri", &format!("/incident.do?sys_id={sys_id}"));
        Some(IncidentSummary {
            number,
            priority: field("priority"),
            state: field("state"),
            sys_id,
            url: url.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::SentRequest;
    use crate::http::HttpResponse;

    #[test]
    fn summarises_a_created_incident() {
        let resp = HttpResponse {
            status: 201,
            headers: vec![],
            body: br#"{"result":{"number":"INC0010002","sys_id":"abc123","priority":"3","state":"1"}}"#.to_vec(),
            elapsed: std::time::Duration::ZERO,
            timing: Default::default(),
        };
        let sent = SentRequest {
            method: "POST".into(),
            url: "https://dev1.service-now.com/api/now/table/incident".into(),
            headers: vec![],
            body: None,
        };
        let x = Exchange::new(sent, resp);
        let s = IncidentSummary::from_exchange(&x, &Instance::parse("dev1").unwrap()).unwrap();
        assert_eq!(
            (s.number.as_str(), s.priority.as_str()),
            ("INC0010002", "3")
        );
        assert_eq!(
            s.url,
            "https://dev1.service-now.com/nav_to.do?uri=%2Fincident.do%3Fsys_id%3Dabc123"
        );
    }
}
