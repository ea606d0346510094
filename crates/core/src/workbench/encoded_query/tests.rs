use super::*;

fn cond(join: Join, field: &str, operator: Operator, value: &str) -> QueryCondition {
    QueryCondition {
        join,
        field: field.into(),
        operator,
        value: value.into(),
    }
}

/// Queries as ServiceNow writes them (list "Copy query", docs, scripts): each must survive.
const ROUND_TRIPS: &[&str] = &[
    "",
    "active=true",
    "active=true^priority=1^ORpriority=2^short_descriptionLIKEprinter^ORDERBYDESCsys_created_on",
    "state!=6^priority<=2^impact>=2^urgency<3^reassignment_count>1",
    "short_descriptionNOT LIKEtest^numberSTARTSWITHINC00^descriptionENDSWITH.",
    "short_descriptionNOTLIKEtest",
    "stateIN1,2,3^stateNOT IN6,7^ORDERBYnumber^ORDERBYDESCpriority",
    "assigned_toISEMPTY^ORassignment_groupISNOTEMPTY^categoryANYTHING^u_codeEMPTYSTRING",
    "sys_created_onBETWEENjavascript:gs.dateGenerate('2024-01-01','00:00:00')@javascript:gs.dateGenerate('2024-12-31','23:59:59')",
    "priorityBETWEEN1@3",
    "sys_created_onONToday@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()",
    "active=true^priority=1^NQactive=false^category=hardware",
    "caller_id.vip=true^caller_id.department.nameSTARTSWITHIT",
    "sys_class_nameINSTANCEOFtask^opened_byDYNAMIC90d1921e5f510100a9ad2572f2b477fe",
    "active=true^EQ",
    "active=true^EQ^ORDERBYDESCsys_updated_on",
    "active=true^ORDERBYnumber^EQ",
    "statusINordered,pending^due_byRELATIVELE@dayofweek@ahead@30^ORdue_byISEMPTY^EQ^ORDERBYnumber",
    "123TEXTQUERY321=printer",
    "active=true^RLQUERYsys_user_grmember.user,>=1^group.name=CAB Approval^ENDRLQUERY^NQpriority=1",
    "active=true^priority<=2^ORcaller_id.vip=true^NQstateISEMPTY^EQ^ORDERBYDESCsys_created_on^GROUPBYcategory",
    "short_description=a=b^descriptionLIKE100%",
    "junk^=nofield^javascript:gs.getUserID()^ORDERBY",
    "a=1^^b=2^",
    "^active=true",
];

#[test]
fn well_formed_queries_round_trip() {
    for q in ROUND_TRIPS {
        let parsed = EncodedQuery::parse(q);
        assert_eq!(parsed.encode(), *q, "{parsed:?}");
        assert_eq!(parsed.to_string(), *q);
    }
}

#[test]
fn the_example_from_the_docs_becomes_rows() {
    let q = EncodedQuery::parse(
        "active=true^priority=1^ORpriority=2^short_descriptionLIKEprinter^ORDERBYDESCsys_created_on",
    );
    assert_eq!(
        q.conditions,
        vec![
            cond(Join::And, "active", Operator::Equals, "true"),
            cond(Join::And, "priority", Operator::Equals, "1"),
            cond(Join::Or, "priority", Operator::Equals, "2"),
            cond(Join::And, "short_description", Operator::Like, "printer"),
        ]
    );
    assert_eq!(
        q.order,
        vec![QueryOrder {
            field: "sys_created_on".into(),
            descending: true
        }]
    );
    assert!(q.unparsed.is_empty());
}

#[test]
fn operators_match_longest_first() {
    let ops = |q: &str| -> Vec<(String, Operator, String)> {
        EncodedQuery::parse(q)
            .conditions
            .into_iter()
            .map(|c| (c.field, c.operator, c.value))
            .collect()
    };
    assert_eq!(
        ops("state!=6^priority<=2^impact>=3^a<1^b>2^c=!x"),
        vec![
            ("state".into(), Operator::NotEquals, "6".into()),
            ("priority".into(), Operator::LessOrEqual, "2".into()),
            ("impact".into(), Operator::GreaterOrEqual, "3".into()),
            ("a".into(), Operator::LessThan, "1".into()),
            ("b".into(), Operator::GreaterThan, "2".into()),
            ("c".into(), Operator::Equals, "!x".into()),
        ]
    );
    assert_eq!(
        ops("closed_atISNOTEMPTY^stateNOT IN6,7^stateIN1^sys_class_nameINSTANCEOFtask^x_atNOTONToday"),
        vec![
            ("closed_at".into(), Operator::IsNotEmpty, "".into()),
            ("state".into(), Operator::NotIn, "6,7".into()),
            ("state".into(), Operator::In, "1".into()),
            ("sys_class_name".into(), Operator::InstanceOf, "task".into()),
            ("x_at".into(), Operator::NotOn, "Today".into()),
        ]
    );
    // The value may contain anything, including other operators.
    assert_eq!(
        ops("short_descriptionLIKEa!=b<=c"),
        vec![("short_description".into(), Operator::Like, "a!=b<=c".into())]
    );
}

#[test]
fn joins_and_new_queries() {
    let q = EncodedQuery::parse("a=1^ORb=2^NQc=3^d=4^ORe=5");
    let joins: Vec<_> = q.conditions.iter().map(|c| c.join).collect();
    assert_eq!(
        joins,
        vec![Join::And, Join::Or, Join::NewQuery, Join::And, Join::Or]
    );
    // ORDERBY starts with OR but is never an OR condition.
    let q = EncodedQuery::parse("a=1^ORDERBYnumber");
    assert_eq!((q.conditions.len(), q.order.len()), (1, 1));
    assert!(!q.order[0].descending);
}

#[test]
fn what_cannot_be_read_is_kept_verbatim() {
    let q = EncodedQuery::parse("junk^=nofield^a b=1^active=true^ORDERBY^ORnothing");
    assert_eq!(
        q.unparsed,
        vec!["junk", "=nofield", "a b=1", "ORDERBY", "ORnothing"]
    );
    assert_eq!(q.conditions.len(), 1);
    // A related-list query is one opaque chunk: its inner condition is not ours.
    let q = EncodedQuery::parse(
        "active=true^RLQUERYsys_user_grmember.user,>=1^group.name=CAB^ENDRLQUERY^priority=1",
    );
    assert_eq!(
        q.unparsed,
        vec!["RLQUERYsys_user_grmember.user,>=1^group.name=CAB^ENDRLQUERY"]
    );
    assert_eq!(q.conditions.len(), 2);
    // Unterminated: the rest of the query belongs to it.
    let q = EncodedQuery::parse("a=1^SUBQUERYx^b=2");
    assert_eq!(q.unparsed, vec!["SUBQUERYx^b=2"]);
    assert_eq!(q.encode(), "a=1^SUBQUERYx^b=2");
}

#[test]
fn edited_rows_encode_in_servicenow_order() {
    let mut q = EncodedQuery::parse("active=true^ORDERBYnumber^EQ");
    q.conditions
        .push(QueryCondition::new("priority", Operator::In, "1,2").with_join(Join::And));
    assert_eq!(q.encode(), "active=true^priorityIN1,2^EQ^ORDERBYnumber");
    // An edit that keeps the row count keeps the original layout.
    let mut q = EncodedQuery::parse("active=true^ORDERBYnumber^EQ");
    q.conditions[0].value = "false".into();
    assert_eq!(q.encode(), "active=false^ORDERBYnumber^EQ");
    let built = EncodedQuery::new(
        vec![
            QueryCondition::new("active", Operator::Equals, "true"),
            QueryCondition::new("assigned_to", Operator::IsEmpty, ""),
            QueryCondition::new("priority", Operator::Between, "1@3").with_join(Join::Or),
        ],
        vec![QueryOrder {
            field: "number".into(),
            descending: false,
        }],
    );
    assert_eq!(
        built.encode(),
        "active=true^assigned_toISEMPTY^ORpriorityBETWEEN1@3^ORDERBYnumber"
    );
}

#[test]
fn serialises_for_the_ui() {
    let q = EncodedQuery::parse("stateNOT IN6,7^ORactive=true^ORDERBYDESCnumber^EQ");
    let json = serde_json::to_value(&q).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "conditions": [
                {"join": "and", "field": "state", "operator": "NOT IN", "value": "6,7"},
                {"join": "or", "field": "active", "operator": "=", "value": "true"}
            ],
            "order": [{"field": "number", "descending": true}],
            "unparsed": ["EQ"]
        })
    );
    let back: EncodedQuery = serde_json::from_value(json).unwrap();
    assert_eq!(back, q);
    // Without the original layout, the canonical order still gives the same query here.
    assert_eq!(
        back.encode(),
        "stateNOT IN6,7^ORactive=true^EQ^ORDERBYDESCnumber"
    );
    let nq: Join = serde_json::from_str("\"new_query\"").unwrap();
    assert_eq!(nq, Join::NewQuery);
}

#[test]
fn operator_catalogue_is_consistent() {
    for op in Operator::ALL {
        let json = serde_json::to_string(op).unwrap();
        assert_eq!(json, format!("\"{}\"", op.token()));
        assert!(!op.label().is_empty());
    }
    assert!(!Operator::ALL.contains(&Operator::NotLikeCompact));
    assert!(!Operator::IsEmpty.takes_value() && Operator::Between.takes_value());
    let mut tokens: Vec<_> = Operator::READ.iter().map(|o| o.token()).collect();
    tokens.sort_unstable();
    tokens.dedup();
    assert_eq!(tokens.len(), Operator::READ.len(), "duplicate token");
}

/// Deterministic xorshift, so the soup below is the same on every run.
fn rng(seed: &mut u64) -> usize {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed as usize
}

#[test]
fn any_text_round_trips() {
    const PIECES: &[&str] = &[
        "^",
        "^",
        "OR",
        "NQ",
        "ORDERBY",
        "DESC",
        "=",
        "!=",
        "<=",
        ">",
        "LIKE",
        "NOT LIKE",
        "NOTLIKE",
        "IN",
        "ISEMPTY",
        "a",
        "b_c",
        "x.y",
        "RLQUERY",
        "ENDRLQUERY",
        "SUBQUERY",
        "ENDSUBQUERY",
        "EQ",
        " ",
        "é",
        "@",
        "1",
        "javascript:gs.now()",
        "",
    ];
    let mut seed = 0x5eed_u64;
    for _ in 0..3000 {
        let n = rng(&mut seed) % 12;
        let s: String = (0..n)
            .map(|_| PIECES[rng(&mut seed) % PIECES.len()])
            .collect();
        let q = EncodedQuery::parse(&s);
        assert_eq!(q.encode(), s, "{q:?}");
        let via_json: EncodedQuery =
            serde_json::from_value(serde_json::to_value(&q).unwrap()).unwrap();
        assert_eq!(EncodedQuery::parse(&via_json.encode()), q, "{s}");
    }
}
