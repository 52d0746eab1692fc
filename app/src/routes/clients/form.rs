//! The dossier fields, shared by intake and correction.

use crate::components::field::{Field, FormErrors};
use crate::domain::client::ClientForm;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ClientFields(initial: ClientForm, errors: FormErrors) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{text::SECTION_NAME}</legend>
            <Field field="first_name" name="form[first_name]" label=text::FIRST_NAME value=initial.first_name errors autocomplete="off"/>
            <Field field="initials" name="form[initials]" label=text::INITIALS value=initial.initials errors optional=true/>
            <Field field="surname" name="form[surname]" label=text::SURNAME value=initial.surname errors/>
            <Field field="date_of_birth" name="form[date_of_birth]" label=text::DATE_OF_BIRTH value=initial.date_of_birth errors input_type="date"/>
        </fieldset>
        <fieldset>
            <legend>{text::SECTION_CONTACT}</legend>
            <p class="hint">{text::CONTACT_HINT}</p>
            <Field field="email" name="form[email]" label=text::EMAIL value=initial.email errors input_type="email" inputmode="email"/>
            <Field field="mobile" name="form[mobile]" label=text::MOBILE value=initial.mobile errors input_type="tel" inputmode="tel"/>
        </fieldset>
        <fieldset>
            <legend>{text::SECTION_ADDRESS} " " <span class="optional">{text::OPTIONAL}</span></legend>
            <Field field="street" name="form[street]" label=text::STREET value=initial.street errors/>
            <div class="row">
                <Field field="house_number" name="form[house_number]" label=text::HOUSE_NUMBER value=initial.house_number errors/>
                <Field field="postcode" name="form[postcode]" label=text::POSTCODE value=initial.postcode errors/>
            </div>
            <Field field="city" name="form[city]" label=text::CITY value=initial.city errors/>
        </fieldset>
        <fieldset>
            <legend>{text::SECTION_REFERRER}</legend>
            <Field field="referrer" name="form[referrer]" label=text::REFERRER value=initial.referrer errors optional=true hint=text::REFERRER_HINT/>
        </fieldset>
    }
}

/// Today in the browser, for the comfort check of a date of birth (the server decides).
pub fn browser_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
