//! Demo rows every sandbox starts with. Fixed sys_ids keep tests and demos reproducible.

use super::Record;
use crate::config::{SandboxConfig, DEFAULT_USERNAME};
use crate::ids::stable_hex32;

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
    (
        "david.loo",
        "5137153cc611227c000bbd1bd8cd2007",
        "David",
        "Loo",
        "David Loo",
    ),
    // Two people with one name, as on every large instance: a lookup by name is ambiguous.
    (
        "david.miller",
        "a8f98bb0eb32010045e1a5115206fe3a",
        "David",
        "Miller",
        "David Miller",
    ),
    (
        "dave.miller",
        "0a826bf03710200044e0bfc8bcbe5d7a",
        "David",
        "Miller",
        "David Miller",
    ),
];

const DEMO_GROUPS: &[(&str, &str)] = &[
    ("d625dccec0a8016700a222a0f7900d06", "Service Desk"),
    ("287ebd7da9fe198100f92cc8d1d2154e", "Network"),
    ("8a4dde73c6112278017a6a4baf547aa7", "Software"),
    ("8a5055c9c61122780043563ef53438e3", "Hardware"),
    ("287ee6fea9fe198100ada7950d0b1b73", "Database"),
];

/// (user_name, group name)
const DEMO_MEMBERS: &[(&str, &str)] = &[
    ("beth.anglin", "Service Desk"),
    ("fred.johnson", "Service Desk"),
    ("abel.tuter", "Network"),
    ("david.loo", "Software"),
    ("david.miller", "Hardware"),
    ("beth.anglin", "Database"),
];

/// (name, operational_status, ip_address)
const DEMO_CIS: &[(&str, &str, &str)] = &[
    ("EXCH-SD-05", "1", "10.0.0.25"),
    ("SAP Sales and Distribution", "1", ""),
    ("lnux100", "1", "10.0.1.100"),
    ("Printer-3F-West", "2", "10.0.3.17"),
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
    for (user_name, group) in DEMO_MEMBERS {
        let user = DEMO_USERS
            .iter()
            .find(|u| u.0 == *user_name)
            .map_or("", |u| u.1);
        let group = DEMO_GROUPS
            .iter()
            .find(|g| g.1 == *group)
            .map_or("", |g| g.0);
        let id = stable_hex32(&format!("sys_user_grmember:{user}.{group}"));
        rows.push((
            "sys_user_grmember",
            row(
                "sys_user_grmember",
                &id,
                &[("user", user), ("group", group)],
            ),
        ));
    }
    for (name, status, ip) in DEMO_CIS {
        let id = stable_hex32(&format!("cmdb_ci:{name}"));
        rows.push((
            "cmdb_ci",
            row(
                "cmdb_ci",
                &id,
                &[
                    ("name", name),
                    ("operational_status", status),
                    ("ip_address", ip),
                ],
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

pub(super) fn row(table: &str, sys_id: &str, fields: &[(&str, &str)]) -> Record {
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
