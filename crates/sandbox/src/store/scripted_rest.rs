//! One Scripted REST API, as `sys_ws_definition`, `sys_ws_version` and `sys_ws_operation`
//! describe it on an instance: `x_snc_demo` / `incident_tools`, answered by `api::scripted`.

use super::seed::row;
use super::Record;
use crate::ids::stable_hex32;

pub(crate) const NAMESPACE: &str = "x_snc_demo";
pub(crate) const SERVICE_ID: &str = "incident_tools";

/// (name, http_method, relative_path): the sandbox's code for each is in `api::scripted`.
pub(crate) const OPERATIONS: [(&str, &str, &str); 2] = [
    ("Summary", "GET", "/summary"),
    ("Escalate", "POST", "/{sys_id}/escalate"),
];

pub(super) fn rows() -> Vec<(&'static str, Record)> {
    let api = stable_hex32("sys_ws_definition:incident_tools");
    let base_uri = format!("/api/{NAMESPACE}/{SERVICE_ID}");
    let mut rows = vec![
        (
            "sys_ws_definition",
            row(
                "sys_ws_definition",
                &api,
                &[
                    ("name", "Incident Tools"),
                    ("service_id", SERVICE_ID),
                    ("namespace", NAMESPACE),
                    ("base_uri", &base_uri),
                    ("active", "true"),
                    ("is_versioned", "true"),
                    ("short_description", "Summaries and escalation of incidents"),
                ],
            ),
        ),
        (
            "sys_ws_version",
            row(
                "sys_ws_version",
                &stable_hex32("sys_ws_version:incident_tools:v1"),
                &[
                    ("web_service_definition", &api),
                    ("version", "v1"),
                    ("is_default", "true"),
                    ("active", "true"),
                ],
            ),
        ),
    ];
    for (name, method, relative_path) in OPERATIONS {
        rows.push((
            "sys_ws_operation",
            row(
                "sys_ws_operation",
                &stable_hex32(&format!("sys_ws_operation:incident_tools:{name}")),
                &[
                    ("name", name),
                    ("http_method", method),
                    ("relative_path", relative_path),
                    ("operation_uri", &format!("{base_uri}{relative_path}")),
                    ("web_service_definition", &api),
                    ("active", "true"),
                ],
            ),
        ));
    }
    rows
}
