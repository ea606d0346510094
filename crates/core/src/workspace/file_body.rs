//! A file from disk as a request's body (the Request tab's "File" body, `snowpost request
//! --body-file`, an attachment upload): streamed, so any size costs the same memory.

use std::path::Path;

use super::{secret_variables, Workspace};
use crate::api::{attachment, ApiRequest, Exchange};
use crate::error::{Error, Result};
use crate::guard::Confirmed;
use crate::views::RequestInput;

impl Workspace {
    /// `req` with the file's bytes as its body. Its Content-Type is the request's own header,
    /// else one guessed from the file's extension.
    pub async fn send_file_as(
        &self,
        name: &str,
        req: &ApiRequest,
        path: &Path,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        readable_file(path)?;
        let mut req = req.clone();
        req.body = None;
        if !req
            .headers
            .iter()
            .any(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
        {
            let guessed = attachment::guess_content_type(path);
            req.headers.push(("Content-Type".into(), guessed.into()));
        }
        let p = self.profile(name)?;
        crate::guard::check(name, p.environment, p.write_guard, &req, confirmed)?;
        self.send_file_recorded(name, &req, path).await
    }

    /// The Request tab's send with a file body (a table target's number resolved first);
    /// `None` when no file was chosen yet.
    pub async fn send_input_file_as(
        &self,
        name: &str,
        input: &RequestInput,
        path: Option<&Path>,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        let path = path.ok_or_else(|| {
            Error::input("body", "no file is chosen; press \"Choose file…\" first")
        })?;
        let mut input = input.clone();
        input.body = None;
        let api = self.input_api(name, &input, confirmed).await?;
        self.send_file_as(name, &api, path, confirmed).await
    }

    /// The send (again with a fresh token after a 401) and the history entry; the guard has
    /// been checked by the caller.
    pub(super) async fn send_file_recorded(
        &self,
        name: &str,
        req: &ApiRequest,
        path: &Path,
    ) -> Result<Exchange> {
        let (filled_req, filled) = self.fill_secret_variables(name, req)?;
        let (instance, token) = self.bound_token(name).await?;
        let auth = token.authorization();
        let mut x = attachment::send_file(&self.http, &instance, &auth, &filled_req, path).await?;
        if x.status == 401 {
            self.discard_token(name, &token).await?;
            let (instance, fresh) = self.bound_token(name).await?;
            let auth = fresh.authorization();
            x = attachment::send_file(&self.http, &instance, &auth, &filled_req, path).await?;
        }
        secret_variables::mask(&mut x.request, &filled);
        self.record_history(name, req, &x);
        Ok(x)
    }
}

pub(super) fn readable_file(path: &Path) -> Result<()> {
    if path.is_file() {
        Ok(())
    } else {
        Err(Error::input(
            "file",
            format!("{} is not a readable file", path.display()),
        ))
    }
}
