//! Demo rows every sandbox starts with. Fixed sys_ids keep tests and demos reproducible.

use super::Record;
use crate::config::{SandboxConfig, DEFAULT_USERNAME};

/// The well-known sys_id of the admin user on every instance.
pub(crate) const ADMIN_SYS_ID: &str = "6816f79cc0a8016401c5a33be04be441";

const SEEDED_ON: &str = "2024-01-01 00:00:00";

/// (user_name, sys_id, first name, last name, full name)
const DEMO_USERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        DEFAULT_USERNAME,
        ADMIN_SYS_ID,
        "System",
        "Administrator",
        "System Administrator",
    ),
    (
        "fred.johnson",
        "5137153cc611227c000bbd1bd8cd2005",
        "Fred",
        "Johnson",
        "Fred Johnson",
    ),
    (
        "beth.anglin",
        "46d44a23a9fe19810012d100cca80666",
        "Beth",
        "Anglin",
        "Beth Anglin",
    ),
    (
        "abel.tuter",
        "62826bf03710200044e0bfc8bcbe5df1",
        "Abel",
        "Tuter",
        "Abel Tuter",
    ),
];

const DEMO_GROUPS: &[(&str, &str)] = &[
    ("d625dccec0a8016700a222a0f7900d06", "Service Desk"),
    ("287ebd7da9fe198100f92cc8d1d2154e", "Network"),
    ("8a4dde73c6112278017a6a4baf547aa7", "Software"),
];

const DEMO_ROLES: &[(&str, &str)] = &[
    ("2831a114c611228501d4ea6c309d626d", "admin"),
    ("282bf1fac6112285017366cb5f867469", "itil"),
];

/// Every seeded row with the table it belongs to.
pub(crate) fn rows(config: &SandboxConfig) -> Vec<(&'static str, Record)> {
    let mut rows = Vec::new();
    for (user_name, sys_id, first, last, name) in DEMO_USERS {
        let email = format!("{user_name}@example.com");
        rows.push((
            "sys_user",
            row(
                "sys_user",
                sys_id,
                &[
                    ("user_name", user_name),
                    ("first_name", first),
                    ("last_name", last),
                    ("name", name),
                    ("email", &email),
                    ("active", "true"),
                    ("locked_out", "false"),
                ],
            ),
        ));
    }
    // Configured users without a demo row get one, so tokens map to a sys_user.
    for (i, user) in config.users.iter().enumerate() {
        if DEMO_USERS.iter().any(|u| u.0 == user.username) {
            continue;
        }
        let sys_id = format!("{:032x}", 0x5a_u128 << 120 | i as u128);
        let active = if user.active { "true" } else { "false" };
        let locked = if user.active { "false" } else { "true" };
        rows.push((
            "sys_user",
            row(
                "sys_user",
                &sys_id,
                &[
                    ("user_name", &user.username),
                    ("name", &user.username),
                    ("active", active),
                    ("locked_out", locked),
                ],
            ),
        ));
    }
    for (sys_id, name) in DEMO_GROUPS {
        rows.push((
            "sys_user_group",
            row(
                "sys_user_group",
                sys_id,
                &[("name", name), ("active", "true")],
            ),
        ));
    }
    for (sys_id, name) in DEMO_ROLES {
        rows.push((
            "sys_user_role",
            row("sys_user_role", sys_id, &[("name", name)]),
        ));
    }
    let cc = if config.client_credentials {
        "true"
    } else {
        "false"
    };
    rows.push((
        "sys_properties",
        row(
            "sys_properties",
            "0b2d63e1c3a3101096b9f9e4e40131b5",
            &[
                (
                    "name",
                    "glide.oauth.inbound.client.credential.grant_type.enabled",
                ),
                ("type", "true|false"),
                ("value", cc),
            ],
        ),
    ));
    rows
}

fn row(table: &str, sys_id: &str, fields: &[(&str, &str)]) -> Record {
    let mut record: Record = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in [
        ("sys_id", sys_id),
        ("sys_created_on", SEEDED_ON),
        ("sys_updated_on", SEEDED_ON),
        ("sys_created_by", "system"),
        ("sys_updated_by", "system"),
        ("sys_mod_count", "0"),
        ("sys_class_name", table),
    ] {
        record.insert(k.to_string(), v.to_string());
    }
    record
}
