use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use snowpost_sandbox::{Sandbox, SandboxConfig};

use crate::common::*;

struct Api {
    sandbox: Sandbox,
    client: Client,
    token: String,
    incident: String,
}

impl Api {
    async fn new(config: SandboxConfig) -> Api {
        let (sandbox, client) = start(config).await;
        let token = access_token(&client, &sandbox).await;
        let created: Value = client
            .post(format!("{}/api/now/table/incident", sandbox.base_url()))
            .bearer_auth(&token)
            .json(&json!({"short_description": "has files"}))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        let incident = created["result"]["sys_id"]
            .as_str()
            .unwrap_or("")
            .to_string();
        Api {
            sandbox,
            client,
            token,
            incident,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    async fn upload(
        &self,
        record: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(&format!(
                "/api/now/attachment/file?table_name=incident&table_sys_id={record}&file_name=a%20b.bin"
            )))
            .bearer_auth(&self.token)
            .body(body);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.send().await.expect("sent")
    }

    async fn multipart(&self, body: String) -> reqwest::Response {
        self.client
            .post(self.url("/api/now/attachment/upload"))
            .bearer_auth(&self.token)
            .header("content-type", "multipart/form-data; boundary=B0")
            .body(body)
            .send()
            .await
            .expect("sent")
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("sent")
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn raw_upload_list_download_delete() {
    let api = Api::new(SandboxConfig::default()).await;
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let response = api
        .upload(&api.incident, Some("application/x-test"), bytes.clone())
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = header(&response, "location");
    let meta: Value = response.json().await.expect("json");
    let meta = &meta["result"];
    let id = meta["sys_id"].as_str().unwrap_or("").to_string();
    assert_eq!(location, api.url(&format!("/api/now/attachment/{id}")));
    assert_eq!(meta["file_name"], "a b.bin");
    assert_eq!(meta["content_type"], "application/x-test");
    assert_eq!(meta["size_bytes"], "100000");
    assert_eq!(meta["table_name"], "incident");
    assert_eq!(meta["table_sys_id"], api.incident.as_str());
    assert_eq!(meta["hash"], sha256_hex(&bytes).as_str());
    assert_eq!(
        meta["download_link"],
        api.url(&format!("/api/now/attachment/{id}/file")).as_str()
    );

    let list = api
        .get(&format!(
            "/api/now/attachment?sysparm_query=table_sys_id={}",
            api.incident
        ))
        .await;
    assert_eq!(header(&list, "x-total-count"), "1");
    let list: Value = list.json().await.expect("json");
    assert_eq!(list["result"][0]["sys_id"], id.as_str());
    let none = api
        .get("/api/now/attachment?sysparm_query=table_sys_id=nope")
        .await;
    assert_eq!(header(&none, "x-total-count"), "0");

    let one: Value = api
        .get(&format!("/api/now/attachment/{id}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(one["result"]["hash"], meta["hash"]);

    let file = api.get(&format!("/api/now/attachment/{id}/file")).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(header(&file, "content-type"), "application/x-test");
    let header_meta: Value =
        serde_json::from_str(&header(&file, "x-attachment-metadata")).expect("metadata JSON");
    assert_eq!(header_meta["sys_id"], id.as_str());
    assert_eq!(
        file.bytes().await.expect("bytes").as_ref(),
        bytes.as_slice()
    );

    let url = api.url(&format!("/api/now/attachment/{id}"));
    let deleted = api.client.delete(&url).bearer_auth(&api.token).send().await;
    assert_eq!(deleted.expect("sent").status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&format!("/api/now/attachment/{id}")).await.status(),
        404
    );
    assert_eq!(
        api.get(&format!("/api/now/attachment/{id}/file"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn multipart_upload() {
    let api = Api::new(SandboxConfig::default()).await;
    let body = format!(
        "--B0\r\nContent-Disposition: form-data; name=\"table_name\"\r\n\r\nincident\r\n\
--B0\r\nContent-Disposition: form-data; name=\"table_sys_id\"\r\n\r\n{}\r\n\
--B0\r\nContent-Disposition: form-data; name=\"uploadFile\"; filename=\"n.txt\"\r\n\
Content-Type: text/plain\r\n\r\nhello\r\n--B0--\r\n",
        api.incident
    );
    let response = api.multipart(body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let meta: Value = response.json().await.expect("json");
    assert_eq!(meta["result"]["file_name"], "n.txt");
    assert_eq!(meta["result"]["content_type"], "text/plain");
    assert_eq!(meta["result"]["hash"], sha256_hex(b"hello").as_str());

    let no_file = api
        .multipart(
            "--B0\r\nContent-Disposition: form-data; name=\"table_name\"\r\n\r\nincident\r\n--B0--\r\n"
                .to_string(),
        )
        .await;
    assert_eq!(no_file.status(), StatusCode::BAD_REQUEST);
    let body: Value = no_file.json().await.expect("json");
    assert_eq!(
        body["error"]["message"],
        "Failed to create the attachment. File part might be missing in the request."
    );
}

#[tokio::test]
async fn refusals() {
    let config = SandboxConfig {
        attachment_max_bytes: 1000,
        ..SandboxConfig::default()
    };
    let api = Api::new(config).await;
    let big = api
        .upload(&api.incident, Some("text/plain"), vec![b'x'; 200_000])
        .await;
    assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = big.json().await.expect("json");
    assert_eq!(
        body["error"]["message"],
        "Rejected large REST payload with content-length = 200000 bytes. Max allowed: 1000 bytes"
    );
    let fits = api
        .upload(&api.incident, Some("text/plain"), vec![b'x'; 1000])
        .await;
    assert_eq!(fits.status(), StatusCode::CREATED);

    let unknown = api
        .upload(
            "0123456789abcdef0123456789abcdef",
            Some("text/plain"),
            b"x".to_vec(),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let untyped = api.upload(&api.incident, None, b"x".to_vec()).await;
    assert_eq!(untyped.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.get("/api/now/attachment/nope/file").await.status(), 404);
}
