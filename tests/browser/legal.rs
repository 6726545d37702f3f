//! The legal pages in the browser: a visitor reaches the accessibility statement from the foot
//! of a page, sends feedback with the keyboard (an empty message first), reads the Impressum and
//! the privacy notice; staff read the feedback. Every page is audited on the way.

use wettbewerb::domain::account::Role;

use crate::keys::Focused;
use crate::world::World;

#[tokio::test]
async fn a_visitor_sends_feedback_on_accessibility_with_the_keyboard_and_staff_read_it() {
    let Some(world) = World::start("legal").await else {
        return;
    };
    let petra = world.browser("visitor").await;
    petra.visit("/").await;
    petra
        .tab_to("the statement in the foot", |f: &Focused| {
            f.tag == "a" && f.href == "/barrierefreiheit"
        })
        .await;
    petra.enter().await;
    petra.sees("teilweise vereinbar").await;
    petra.sees("Schlichtungsstelle BGG").await;

    // An empty message comes back with the reason beside the field.
    let send = |f: &Focused| f.tag == "button" && f.text == "Rückmeldung senden";
    petra.tab_to("the name", |f| f.id == "name").await;
    petra.type_keys("Petra Leser").await;
    petra.tab_to("the send button", send).await;
    petra.enter().await;
    petra.sees("Bitte beschreiben Sie, worum es geht.").await;
    petra.tab_to("the message", |f| f.id == "message").await;
    petra
        .type_keys("Die Tabelle der Partner ist mit dem Screenreader schwer zu lesen.")
        .await;
    petra.tab_to("the send button", send).await;
    petra.enter().await;
    petra
        .sees("Vielen Dank, Ihre Rückmeldung ist eingegangen.")
        .await;
    petra.audit_variant("with a message").await;
    petra.press_in("//header", "English").await;
    petra.sees("partially compliant").await;
    petra.audit_variant("English").await;
    petra.press_in("//header", "Deutsch").await;

    petra.follow("Impressum").await;
    petra
        .sees("Nicht eingerichtet (Einstellung imprint_name).")
        .await;
    petra.follow("Datenschutz").await;
    petra
        .sees("nicht eingerichtet (Einstellung privacy_officer)")
        .await;
    petra.close().await;

    world.app.account(Role::Staff, "leitung@ptj.de").await;
    let staff = world.browser("staff").await;
    crate::staff::log_in(&staff, "leitung@ptj.de").await;
    staff.follow("Verwaltung").await;
    staff.follow("Rückmeldungen zur Barrierefreiheit").await;
    staff
        .sees("Die Tabelle der Partner ist mit dem Screenreader schwer zu lesen.")
        .await;
    staff.sees("Petra Leser").await;
    staff.close().await;
    world.finish();
}
