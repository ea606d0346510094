//! Profiles: saved in SQLite, with their secrets in the keychain; what an edit forgets.

use super::{SecretStatus, Workspace};
use crate::error::Result;
use crate::profile::{Profile, ProfileInput};
use crate::secret::SecretKind;
use crate::views::{ProfileView, RegistrySetup};

impl Workspace {
    pub fn add_profile(&self, input: ProfileInput) -> Result<Profile> {
        let p = input.validate()?;
        self.db(|s| s.insert_profile(&p))?;
        Ok(p)
    }

    /// Saves an edited profile. Any edit forgets the access token. A new instance, client or
    /// user also forgets the refresh token, which only the old one accepts; a new instance
    /// forgets the client secret and password too unless `keep_secrets` says the user means
    /// to send them there. Secrets go first: a failure then leaves no secret bound for
    /// the new host.
    pub fn update_profile(&self, input: ProfileInput, keep_secrets: bool) -> Result<Profile> {
        let p = input.validate()?;
        let old = self.profile(&p.name)?;
        let moved = old.instance != p.instance;
        self.forget_token(&p.name)?;
        if moved || old.client_id != p.client_id || old.username != p.username {
            self.secrets.delete(&p.name, SecretKind::RefreshToken)?;
        }
        if moved && !keep_secrets {
            self.secrets.delete(&p.name, SecretKind::ClientSecret)?;
            self.secrets.delete(&p.name, SecretKind::Password)?;
        }
        self.db(|s| s.update_profile(&p))?;
        if moved {
            // Another instance has other tables and fields.
            self.db(|s| s.clear_schema_cache(&p.name))?;
            self.forget_current_user(&p.name);
        }
        // Again: a call between the first forget and the save may have cached a token for the
        // old instance.
        self.forget_token(&p.name)?;
        Ok(p)
    }

    pub fn profile(&self, name: &str) -> Result<Profile> {
        self.db(|s| s.profile(name))
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.db(|s| s.profiles())
    }

    /// Removes the profile and its keychain entries.
    pub fn remove_profile(&self, name: &str) -> Result<()> {
        self.db(|s| s.profile(name))?;
        for kind in SecretKind::ALL {
            self.secrets.delete(name, kind)?;
        }
        self.db(|s| s.delete_profile(name))?;
        self.forget_memory(name);
        Ok(())
    }

    /// A copy of a profile under a new name, with its client secret, password and private key.
    pub fn duplicate_profile(&self, name: &str, new_name: &str) -> Result<Profile> {
        let p = self.profile(name)?;
        let copy = self.add_profile(ProfileInput {
            name: new_name.into(),
            instance: p.instance.to_string(),
            client_id: p.client_id,
            grant: p.grant,
            username: p.username,
            redirect_uri: p.redirect_uri,
            scope: p.scope,
            client_auth: p.client_auth,
            refresh_margin_secs: p.refresh_margin_secs,
            public_client: p.public_client,
            jwt_kid: p.jwt_kid,
            jwt_alg: p.jwt_alg,
            environment: p.environment,
            write_guard: Some(p.write_guard),
        })?;
        for kind in [
            SecretKind::ClientSecret,
            SecretKind::Password,
            SecretKind::PrivateKey,
        ] {
            if let Some(v) = self.secrets.get(name, kind)? {
                self.secrets.set(&copy.name, kind, &v)?;
            }
        }
        Ok(copy)
    }

    pub fn profile_views(&self) -> Result<Vec<ProfileView>> {
        self.profiles()?
            .into_iter()
            .map(|p| self.profile_view(p))
            .collect()
    }

    /// A profile with its secret status; a keychain that cannot be read is reported in the
    /// status instead of hiding the profile.
    pub fn profile_view(&self, profile: Profile) -> Result<ProfileView> {
        let secrets = self
            .secret_status(&profile.name)
            .unwrap_or_else(|e| SecretStatus {
                client_secret: false,
                password: false,
                refresh_token: false,
                private_key: false,
                keychain_error: Some(e.report()),
            });
        let registry = RegistrySetup::for_profile(&profile);
        Ok(ProfileView {
            profile,
            secrets,
            registry,
        })
    }

    /// Points a demo profile (`input.name`, e.g. "Sandbox") at a loopback instance. A profile
    /// of that name is reused only when an earlier run made it (loopback, same client ID); a
    /// user's own profile of that name is never touched: "Sandbox 2", "Sandbox 3", … is used.
    pub fn loopback_profile(&self, input: ProfileInput) -> Result<Profile> {
        let base = input.name.clone();
        for n in 1.. {
            let name = if n == 1 {
                base.clone()
            } else {
                format!("{base} {n}")
            };
            let input = ProfileInput {
                name: name.clone(),
                ..input.clone()
            };
            match self.profile(&name) {
                Err(crate::Error::ProfileNotFound(_)) => return self.add_profile(input),
                Err(e) => return Err(e),
                Ok(p) if p.instance.is_loopback() && p.client_id == input.client_id => {
                    return self.update_profile(input, false);
                }
                Ok(_) => continue,
            }
        }
        unreachable!("the loop returns")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretString;
    use crate::workspace::tests::ws;

    fn input(instance: &str) -> ProfileInput {
        ProfileInput {
            name: "dev".into(),
            instance: instance.into(),
            client_id: "cid".into(),
            username: Some("admin".into()),
            ..Default::default()
        }
    }

    /// A profile with every secret set.
    fn with_secrets(ws: &Workspace) {
        ws.add_profile(input("dev1")).unwrap();
        for kind in SecretKind::ALL {
            ws.secrets
                .set("dev", kind, &SecretString::new(format!("{kind:?}")))
                .unwrap();
        }
    }

    fn left(ws: &Workspace) -> Vec<SecretKind> {
        SecretKind::ALL
            .into_iter()
            .filter(|k| ws.secrets.get("dev", *k).unwrap().is_some())
            .collect()
    }

    #[test]
    fn a_new_instance_forgets_every_secret_it_would_be_sent_by_default() {
        let (ws, _d) = ws();
        with_secrets(&ws);
        ws.update_profile(input("dev2"), false).unwrap();
        // A private key only signs; it never goes to the instance.
        assert_eq!(left(&ws), vec![SecretKind::PrivateKey]);
        assert_eq!(
            ws.profile("dev").unwrap().instance.host(),
            "dev2.service-now.com"
        );
    }

    #[test]
    fn keeping_secrets_keeps_only_the_client_secret_and_password() {
        let (ws, _d) = ws();
        with_secrets(&ws);
        ws.update_profile(input("dev2"), true).unwrap();
        assert_eq!(
            left(&ws),
            vec![
                SecretKind::ClientSecret,
                SecretKind::Password,
                SecretKind::PrivateKey
            ]
        );
    }

    #[test]
    fn other_edits_forget_only_what_they_invalidate() {
        let (ws, _d) = ws();
        with_secrets(&ws);
        let scoped = ProfileInput {
            scope: Some("useraccount".into()),
            ..input("dev1")
        };
        ws.update_profile(scoped, false).unwrap();
        assert_eq!(
            left(&ws),
            vec![
                SecretKind::ClientSecret,
                SecretKind::Password,
                SecretKind::RefreshToken,
                SecretKind::PrivateKey
            ]
        );
        let other_client = ProfileInput {
            client_id: "cid2".into(),
            ..input("dev1")
        };
        ws.update_profile(other_client, false).unwrap();
        assert_eq!(
            left(&ws),
            vec![
                SecretKind::ClientSecret,
                SecretKind::Password,
                SecretKind::PrivateKey
            ]
        );
    }

    #[test]
    fn the_sandbox_never_takes_over_a_users_profile() {
        let (ws, _d) = ws();
        let mine = ProfileInput {
            name: "Sandbox".into(),
            ..input("dev1")
        };
        ws.add_profile(mine).unwrap();
        let demo = |port: u16| ProfileInput {
            name: "Sandbox".into(),
            instance: format!("http://127.0.0.1:{port}"),
            client_id: "sandbox-client".into(),
            username: Some("admin".into()),
            ..Default::default()
        };
        assert_eq!(ws.loopback_profile(demo(4001)).unwrap().name, "Sandbox 2");
        // The next run's port moves the demo profile, not the user's.
        let again = ws.loopback_profile(demo(4002)).unwrap();
        assert_eq!(again.name, "Sandbox 2");
        assert_eq!(again.instance.as_str(), "http://127.0.0.1:4002");
        assert_eq!(
            ws.profile("Sandbox").unwrap().instance.host(),
            "dev1.service-now.com"
        );
        assert_eq!(ws.profiles().unwrap().len(), 2);
    }
}
