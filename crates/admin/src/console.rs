//! Who is at the admin console: an administrator signed in through this IdP (so the tenant's
//! two-factor policy applied to them), whose console use has not been idle for 30 minutes.

use crate::{Admin, Caller, Result};
use idp_domain::{Tenant, User};
use idp_store::SessionRow;
use std::sync::Arc;

/// A console session ends after this long without a request, while the sign-in session may
/// run on for the user's applications.
pub const CONSOLE_IDLE: i64 = 30 * 60;

/// What the console makes of a browser's sign-in session (made once per request, never stored).
#[allow(clippy::large_enum_variant)]
pub enum Console {
    Ready {
        caller: Caller,
        user: User,
        tenant: Arc<Tenant>,
    },
    /// The console was not used for [`CONSOLE_IDLE`], or never on this session: sign in again.
    SignIn,
    /// Signed in, but with no administration role (or disabled).
    NotAdmin,
}

impl Admin {
    /// The console's own sign-in completed on this session: its idle clock starts.
    pub async fn console_begin(&self, session: &SessionRow) -> Result<()> {
        let now = self.accounts.now();
        self.accounts
            .store
            .touch_console(&session.id_digest, now, None)
            .await?;
        Ok(())
    }

    /// The administrator of this session, with the idle clock moved on; or why not.
    pub async fn console(&self, session: &SessionRow) -> Result<Console> {
        let Some((tenant, user)) = self.accounts.signed_in(session).await? else {
            return Ok(Console::SignIn);
        };
        let caller = Caller::user(&user);
        if !self.may_administer(&caller) {
            return Ok(Console::NotAdmin);
        }
        let now = self.accounts.now();
        let live = self
            .accounts
            .store
            .touch_console(&session.id_digest, now, Some(CONSOLE_IDLE))
            .await?;
        if !live {
            return Ok(Console::SignIn);
        }
        Ok(Console::Ready {
            caller,
            user,
            tenant,
        })
    }
}
