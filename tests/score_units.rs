//! Phrases the rubrics must read one way: for each behaviour, answers written
//! for it and what their report must show (an element found or not, an
//! anti-pattern penalised or not, a technical pull or none). These pin the
//! rubrics' rules and the lexicon as the scorer sees them; the judgments
//! themselves are pinned by the unit tests beside each of them.

use rubricate::rubric::{self, Rubric};
use rubricate::Report;

/// What an answer's report must show.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// The element with this id is found.
    Earns(&'static str),
    /// The element with this id is not found.
    Misses(&'static str),
    /// The anti-pattern with this id is penalised.
    Penalized(&'static str),
    /// The anti-pattern with this id is not penalised.
    Spared(&'static str),
    /// The technical pull takes points off.
    Pulled,
    /// The technical pull takes nothing off.
    NotPulled,
}

use Expect::{Earns, Misses, NotPulled, Penalized, Pulled, Spared};

/// One answer: the rubric it is graded under, its text, what its report shows.
type Case = (&'static str, &'static str, Expect);

fn holds(report: &Report, expect: Expect) -> bool {
    let found = |id: &str| report.elements.iter().any(|e| e.id == id && e.found);
    let penalized = |id: &str| report.penalties.iter().any(|p| p.id == id);
    match expect {
        Earns(id) => found(id),
        Misses(id) => !found(id),
        Penalized(id) => penalized(id),
        Spared(id) => !penalized(id),
        Pulled => report.technical.points < 0.0,
        NotPulled => report.technical.points == 0.0,
    }
}

/// Grades every case and fails with the list of those whose report differs.
fn check(cases: &[Case]) {
    let mut rubrics: Vec<(&str, Rubric)> = Vec::new();
    let mut failed = Vec::new();
    for &(id, text, expect) in cases {
        if !rubrics.iter().any(|(r, _)| *r == id) {
            rubrics.push((id, rubric::load(id).expect("the rubric loads")));
        }
        let rubric = &rubrics.iter().find(|(r, _)| *r == id).unwrap().1;
        let report = rubricate::grade_text("t.md", text, rubric);
        if !holds(&report, expect) {
            failed.push(format!("{id}: {expect:?}: {text}"));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn a_loss_in_a_sentence_about_errors_is_a_cost_not_an_outcome() {
    let error = "A false positive hurts the creator, who loses trust in us.";
    check(&[
        ("policy-impact", error, Misses("outcome")),
        ("policy-impact", error, Earns("cost_of_error")),
        (
            "policy-impact",
            "Creators lose trust in the platform when their uploads are labelled at random.",
            Earns("outcome"),
        ),
    ]);
}

#[test]
fn saying_an_error_is_bad_is_not_pricing_it() {
    check(&[
        (
            "policy-impact",
            "Wrongly removing real creators is worse than missing a harmless meme.",
            Misses("cost_of_error"),
        ),
        (
            "policy-impact",
            "Each wrongly removed video costs an appeal and 15 minutes of review.",
            Earns("cost_of_error"),
        ),
    ]);
}

#[test]
fn short_owner_sentences_with_any_named_lead_are_ownership() {
    check(&[
        (
            "policy-impact",
            "The policy lead owns the trade-off.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "Ownership sits with the T&S operations lead.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "Decisions on the threshold fall to the head of Trust & Safety.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "The Music Rights lead sets the hold threshold each quarter.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "Risk acceptance is the job of the head of integrity.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "This will lead to fewer appeals, and we decide the rest later.",
            Misses("ownership"),
        ),
    ]);
}

#[test]
fn owners_named_in_french_and_spanish_and_verbs_the_lexicon_knew_only_as_nouns() {
    check(&[
        (
            "policy-impact",
            "The Voice Safety manager answers for the weekly numbers.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "C'est l'équipe Escalades qui tranche sur le seuil.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "La decisión sobre el umbral es del comité de políticas.",
            Earns("ownership"),
        ),
    ]);
}

#[test]
fn a_real_video_taken_down_is_an_error_and_camera_exposure_no_outcome() {
    check(&[
        (
            "policy-impact",
            "Think of the creator whose real video is taken down.",
            Misses("outcome"),
        ),
        (
            "policy-impact",
            "We augment with exposure and white-balance shifts so the model stops failing.",
            Misses("outcome"),
        ),
    ]);
}

#[test]
fn trust_in_the_engineering_sense_and_phrasal_up_are_no_outcome() {
    check(&[
        (
            "policy-impact",
            "We verify its signature chain against the trust list at upload.",
            Misses("outcome"),
        ),
        (
            "policy-impact",
            "A fake of a minister could end up in the headlines.",
            Misses("outcome"),
        ),
    ]);
}

#[test]
fn checks_users_pass_are_levers_and_fewer_people_writing_in_is_an_outcome() {
    check(&[
        (
            "policy-impact",
            "A synthetic-image check runs when someone uploads their main picture.",
            Earns("lever"),
        ),
        (
            "policy-impact",
            "Fewer of them have to write to us asking for help.",
            Earns("outcome"),
        ),
    ]);
}

#[test]
fn someone_owning_the_trade_off_is_no_owner() {
    check(&[
        (
            "policy-impact",
            "Someone needs to own the trade-off.",
            Misses("ownership"),
        ),
        (
            "policy-impact",
            "The policy lead will own the trade-off.",
            Earns("ownership"),
        ),
    ]);
}

#[test]
fn a_headline_figure_doubted_in_plain_words_is_not_a_boast() {
    check(&[
        (
            "policy-impact",
            "The benchmark accuracy of 99% says little about our traffic, \
             so I would re-measure on live uploads.",
            Spared("unanchored_accuracy"),
        ),
        (
            "policy-impact",
            "The benchmark accuracy of 99% shows we are ready.",
            Penalized("unanchored_accuracy"),
        ),
    ]);
}

#[test]
fn recall_at_any_cost_told_as_tuning_or_catching_basically_everything() {
    check(&[
        (
            "policy-impact",
            "I'd push the decision threshold down until we catch basically everything.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "So I'd tune purely for recall and accept whatever the precision ends up being.",
            Penalized("maximize_recall"),
        ),
    ]);
}

#[test]
fn figures_of_the_engineering_are_no_metric() {
    check(&[
        (
            "policy-impact",
            "We fine-tune the backbone on 8 A100s for roughly 14 hours on 200k clips.",
            Misses("metric"),
        ),
        (
            "policy-impact",
            "Wrongful removals run at about 40 clips a day, and I want them under 10.",
            Earns("metric"),
        ),
    ]);
}

#[test]
fn naming_the_cost_of_error_or_the_cost_of_compute_is_no_price() {
    check(&[
        (
            "policy-impact",
            "The cost of being wrong matters here, so false positives deserve thought.",
            Misses("cost_of_error"),
        ),
        (
            "policy-impact",
            "I'd train a cost-sensitive model, weighting false negatives five to one.",
            Misses("cost_of_error"),
        ),
    ]);
}

#[test]
fn fastest_growing_is_growth_not_shipping_speed() {
    check(&[(
        "policy-impact",
        "Some of our fastest-growing creators use AI vocals openly.",
        Spared("speed_over_governance"),
    )]);
}

#[test]
fn deferring_fixes_or_review_until_after_launch_is_speed_over_governance() {
    check(&[
        (
            "policy-impact",
            "Ship the new classifier to all traffic and fix problems later.",
            Penalized("speed_over_governance"),
        ),
        (
            "policy-impact",
            "Launch it this week without waiting for policy review.",
            Penalized("speed_over_governance"),
        ),
        (
            "policy-impact",
            "We would never fix problems later: the errors have an owner before launch.",
            Spared("speed_over_governance"),
        ),
        (
            "policy-impact",
            "I wouldn't launch it this week without policy review.",
            Spared("speed_over_governance"),
        ),
    ]);
}

#[test]
fn an_error_that_eats_time_or_a_miss_said_as_a_verb_has_a_cost() {
    check(&[
        (
            "policy-impact",
            "Each false alarm eats 12 minutes of a moderator's time.",
            Earns("cost_of_error"),
        ),
        (
            "policy-impact",
            "When we miss a scam voice clone, the average victim loses about $1,500.",
            Earns("cost_of_error"),
        ),
        (
            "policy-impact",
            "Each false alarm is logged for the weekly report.",
            Misses("cost_of_error"),
        ),
    ]);
}

#[test]
fn removing_whatever_lacks_provenance_is_a_blanket_block() {
    check(&[
        (
            "policy-impact",
            "Anything without a valid provenance manifest is removed at upload.",
            Penalized("blanket_block"),
        ),
        (
            "policy-impact",
            "I would not remove anything without a valid provenance manifest; \
             unlabelled uploads get a notice instead.",
            Spared("blanket_block"),
        ),
    ]);
}

#[test]
fn decision_rights_in_plain_words_are_ownership() {
    check(&[
        (
            "policy-impact",
            "I would give the call to the head of the help desk.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "Die Policy-Leitung entscheidet über die Wahl-Kategorie.",
            Earns("ownership"),
        ),
    ]);
}

#[test]
fn a_removal_that_allows_no_exception_is_a_blanket_block() {
    check(&[
        (
            "policy-impact",
            "Any video the classifier scores above 0.5 comes down, no exceptions.",
            Penalized("blanket_block"),
        ),
        (
            "policy-impact",
            "Every removal gets a second human review, no exceptions.",
            Spared("blanket_block"),
        ),
    ]);
}

#[test]
fn a_rule_live_within_hours_or_full_traffic_on_day_one_is_a_speed_boast() {
    check(&[
        (
            "policy-impact",
            "When the last wave hit I had a rule live in six hours.",
            Penalized("speed_over_governance"),
        ),
        (
            "policy-impact",
            "I'd push the classifier to all traffic on day one.",
            Penalized("speed_over_governance"),
        ),
        (
            "policy-impact",
            "My team shipped three classifier updates, each inside a week.",
            Penalized("speed_over_governance"),
        ),
        (
            "policy-impact",
            "From day one the policy lead owns the threshold.",
            Spared("speed_over_governance"),
        ),
    ]);
}

#[test]
fn a_group_the_detector_works_worse_for_is_bias_awareness() {
    check(&[
        (
            "governance-lens",
            "The detector works worse for older users with low-end cameras.",
            Earns("bias_awareness"),
        ),
        (
            "governance-lens",
            "Detectors perform differently by skin tone, so we audit it monthly.",
            Earns("bias_awareness"),
        ),
        (
            "governance-lens",
            "The detector works worse on compressed uploads.",
            Misses("bias_awareness"),
        ),
    ]);
}

#[test]
fn a_french_chain_earns_its_metric_outcome_and_owner() {
    let text = "Je suivrais le nombre de vues quotidiennes de vidéos truquées, environ \
                300 000 par jour, avec l'objectif de descendre sous 50 000.\n\n\
                Les signalements d'utilisateurs diminuent quand la vidéo sort des \
                recommandations.\n\n\
                La responsable de la politique d'intégrité fixe le seuil et répond du \
                budget d'erreur.";
    check(&[
        ("mlo-triad", text, Earns("metric")),
        ("mlo-triad", text, Earns("outcome")),
        ("mlo-triad", text, Earns("ownership")),
    ]);
}

#[test]
fn a_team_named_by_its_work_owns_but_the_whole_or_right_team_does_not() {
    check(&[
        (
            "policy-impact",
            "The woman who runs the checking team sets where the line sits.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "Our voice safety desk decides when strikes switch off.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "La jefa de operaciones toma la decisión sobre el umbral.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "The whole team decides where the line sits.",
            Misses("ownership"),
        ),
        (
            "policy-impact",
            "Ownership: the right team owns it.",
            Misses("ownership"),
        ),
    ]);
}

#[test]
fn people_of_other_platforms_are_stakeholders_of_an_outcome() {
    check(&[
        (
            "policy-impact",
            "Hotels stop feeling punished for the reviews their real guests wrote.",
            Earns("outcome"),
        ),
        (
            "policy-impact",
            "Listeners stop getting fooled by cloned voices on their playlists.",
            Earns("outcome"),
        ),
        (
            "policy-impact",
            "We keep a trust list of camera makers.",
            Misses("outcome"),
        ),
    ]);
}

#[test]
fn a_role_holding_a_budget_or_arbitrating_owns_it() {
    check(&[
        (
            "policy-impact",
            "The creator support manager holds a budget of 60 wrongful removals a week.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "C'est la responsable de l'intégrité qui arbitre ce seuil.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "The model holds a budget of GPU hours.",
            Misses("ownership"),
        ),
    ]);
}

#[test]
fn configuration_and_plumbing_are_engineering_talk() {
    check(&[
        (
            "error-cost-matrix",
            "The config is hot-reloaded, so thresholds can be adjusted every few hours.",
            Pulled,
        ),
        (
            "error-cost-matrix",
            "Every decision is logged with its feature vector to a Kafka topic.",
            Pulled,
        ),
    ]);
}

#[test]
fn own_after_a_possessive_is_no_ownership() {
    check(&[
        (
            "policy-impact",
            "A 96 % figure means little on its own, the committee says.",
            Misses("ownership"),
        ),
        (
            "policy-impact",
            "The policy team writes their own rules for satire.",
            Misses("ownership"),
        ),
        (
            "policy-impact",
            "The policy team owns the threshold on its own.",
            Earns("ownership"),
        ),
    ]);
}

#[test]
fn owners_in_german_italian_and_portuguese() {
    check(&[
        (
            "policy-impact",
            "Die Leiterin Trust & Safety verantwortet den Schwellenwert.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "La direttrice delle policy fissa la soglia e risponde del budget di errori.",
            Earns("ownership"),
        ),
        (
            "policy-impact",
            "A gerente de operações aprova qualquer mudança no limiar.",
            Earns("ownership"),
        ),
    ]);
}

#[test]
fn a_harm_named_next_to_a_lever_is_not_an_outcome() {
    check(&[
        (
            "policy-impact",
            "When the scam wave hit, my team shipped a new clone detector.",
            Misses("outcome"),
        ),
        (
            "policy-impact",
            "The classifier means fewer scams reach our users.",
            Earns("outcome"),
        ),
    ]);
}

#[test]
fn a_blanket_rule_in_the_passive_voice_is_a_blanket_block() {
    check(&[
        (
            "policy-impact",
            "All synthetic media should be banned from the platform.",
            Penalized("blanket_block"),
        ),
        (
            "policy-impact",
            "Not all synthetic media should be banned; satire stays up with a label.",
            Spared("blanket_block"),
        ),
    ]);
}

#[test]
fn a_cost_waved_away_does_not_excuse_maximizing_recall() {
    check(&[(
        "policy-impact",
        "We should aim for 100% recall; false positives are a small price to pay.",
        Penalized("maximize_recall"),
    )]);
}

#[test]
fn a_bounded_moderation_figure_stays_a_metric() {
    let text = "We keep the false-positive rate on removals under 0.5% a week.";
    check(&[
        ("cost-of-error", text, Earns("metric")),
        ("cost-of-error", text, Spared("unanchored_accuracy")),
    ]);
}

#[test]
fn an_outcome_needs_a_change_not_a_state() {
    check(&[
        (
            "policy-impact",
            "Users should feel safe.",
            Misses("outcome"),
        ),
        (
            "policy-impact",
            "Clear processes will help us build trust with users.",
            Misses("outcome"),
        ),
        (
            "policy-impact",
            "Fewer users are fooled by fake clips of public figures.",
            Earns("outcome"),
        ),
    ]);
}

#[test]
fn a_metric_name_with_no_figure_is_no_metric() {
    check(&[
        (
            "mlo-triad",
            "KPIs are to be co-defined with each workstream owner.",
            Misses("metric"),
        ),
        (
            "mlo-triad",
            "The appeal rate should stay under 3% a week.",
            Earns("metric"),
        ),
    ]);
}

#[test]
fn retraining_overnight_is_no_speed_boast() {
    check(&[
        (
            "policy-impact",
            "We retrain the classifier overnight when a new generator appears.",
            Spared("speed_over_governance"),
        ),
        (
            "policy-impact",
            "We would answer most appeals within hours.",
            Spared("speed_over_governance"),
        ),
        (
            "policy-impact",
            "We shipped the new removal threshold to production overnight.",
            Penalized("speed_over_governance"),
        ),
        (
            "policy-impact",
            "I'd have a fix in production within six hours.",
            Penalized("speed_over_governance"),
        ),
    ]);
}

#[test]
fn recall_at_any_cost_in_other_words() {
    check(&[
        (
            "policy-impact",
            "I'd catch as many deepfakes as possible.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "Set the threshold as low as the model allows.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "False positives are fine; people can appeal.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "We should squeeze recall towards 100%.",
            Penalized("maximize_recall"),
        ),
    ]);
}

#[test]
fn levers_and_error_costs_in_plain_words() {
    check(&[
        (
            "policy-impact",
            "When a picture only looks suspicious, a person on the safety team checks it first.",
            Earns("lever"),
        ),
        (
            "policy-impact",
            "Each false warning turns into a support contact that costs us about $4.",
            Earns("cost_of_error"),
        ),
        (
            "policy-impact",
            "A person on the safety team would like to know more.",
            Misses("lever"),
        ),
    ]);
}

#[test]
fn a_harm_named_with_because_is_no_outcome() {
    check(&[(
        "policy-impact",
        "I'd be careful because numbers can be misleading.",
        Misses("outcome"),
    )]);
}

#[test]
fn a_training_loss_is_no_cost_and_a_fairness_constraint_no_outcome() {
    let text = "I'd try a fairness-constrained loss that penalises the FPR gap directly.";
    check(&[
        ("governance-lens", text, Misses("cost_of_error")),
        ("governance-lens", text, Misses("outcome")),
        (
            "governance-lens",
            "Each false positive costs a creator a lost day of reach.",
            Earns("cost_of_error"),
        ),
    ]);
}

#[test]
fn trust_named_is_no_change_and_a_weighting_no_cost() {
    check(&[
        ("product-sense", "Good UX builds trust.", Misses("outcome")),
        (
            "product-sense",
            "Fewer wrongful removals mean creators keep their trust in us.",
            Earns("outcome"),
        ),
        (
            "product-sense",
            "For wrongful removals I'd retrain with a higher weighting on hard negatives.",
            Misses("cost_of_error"),
        ),
    ]);
}

#[test]
fn a_headline_figure_quoted_to_be_doubted_is_not_rested_on() {
    check(&[
        (
            "cost-of-error",
            "96 % on a balanced benchmark could mean almost anything in production.",
            Spared("unanchored_accuracy"),
        ),
        (
            "cost-of-error",
            "96 % on a balanced benchmark is what we reached in production.",
            Penalized("unanchored_accuracy"),
        ),
    ]);
}

#[test]
fn owners_in_other_words() {
    check(&[
        (
            "governance-lens",
            "The call belongs to the head of policy.",
            Earns("ownership"),
        ),
        (
            "governance-lens",
            "Our trust and safety lead has the final word on the threshold.",
            Earns("ownership"),
        ),
        (
            "governance-lens",
            "The shift supervisor decides when a clip goes back up.",
            Earns("ownership"),
        ),
        (
            "governance-lens",
            "The safety council votes on any change to the threshold.",
            Earns("ownership"),
        ),
        (
            "governance-lens",
            "Everyone votes on it.",
            Misses("ownership"),
        ),
    ]);
}

#[test]
fn italian_and_portuguese_answers_earn_their_elements() {
    check(&[
        (
            "governance-lens",
            "Il responsabile della policy decide la soglia e firma ogni modifica.",
            Earns("ownership"),
        ),
        (
            "governance-lens",
            "O responsável de política decide o limiar e assina cada mudança.",
            Earns("ownership"),
        ),
        (
            "cost-of-error",
            "Ogni falso positivo costa circa 20 minuti di revisione.",
            Earns("cost_of_error"),
        ),
    ]);
}

#[test]
fn a_detector_named_in_passing_is_no_lever() {
    let in_passing = [
        "Detection models can be unfair to some groups, and that matters a lot.",
        "A deepfake detector is only one part of a healthy moderation programme.",
    ];
    let mut cases: Vec<Case> = Vec::new();
    for text in in_passing {
        for id in ["policy-impact", "governance-lens", "error-cost-matrix"] {
            cases.push((id, text, Misses("lever")));
        }
    }
    check(&cases);
    check(&[
        (
            "policy-impact",
            "The classifier scores every upload before it is published.",
            Earns("lever"),
        ),
        (
            "policy-impact",
            "We would run a multimodal model on each clip at upload time.",
            Earns("lever"),
        ),
        (
            "policy-impact",
            "I'd quantise the detector so it serves the whole surge.",
            Earns("lever"),
        ),
    ]);
}

#[test]
fn changes_to_the_detector_itself_are_a_lever() {
    check(&[
        (
            "policy-impact",
            "I replaced the convolutional backbone with a larger one.",
            Earns("lever"),
        ),
        (
            "policy-impact",
            "Turn the sensitivity dial up for election clips.",
            Earns("lever"),
        ),
    ]);
}

#[test]
fn a_risk_budget_needs_a_figure_to_be_a_cost() {
    let mut cases: Vec<Case> = Vec::new();
    for id in ["policy-impact", "product-sense", "cost-of-error"] {
        cases.push((
            id,
            "We should agree on a risk budget that balances both sides.",
            Misses("cost_of_error"),
        ));
        cases.push((
            id,
            "The risk budget is 40 wrongful removals per 100k uploads a week.",
            Earns("cost_of_error"),
        ));
    }
    check(&cases);
}

#[test]
fn a_headline_figure_or_a_rate_named_beside_one_is_no_metric() {
    check(&[
        (
            "policy-impact",
            "Recall reaches 97 % of the deepfakes in the held-out set.",
            Misses("metric"),
        ),
        (
            "policy-impact",
            "The false-positive rate and the recall both come from the same confusion matrix.",
            Misses("metric"),
        ),
        (
            "policy-impact",
            "Keep the false-positive rate under 0.4 % of removals each week.",
            Earns("metric"),
        ),
        (
            "policy-impact",
            "We track the appeal overturn rate on automated removals.",
            Earns("metric"),
        ),
        (
            "policy-impact",
            "We launch at 90 % recall as long as wrongful holds cost the team less than a day of review.",
            Earns("metric"),
        ),
    ]);
}

#[test]
fn a_benchmark_figure_quoted_to_be_doubted_does_not_pull_towards_technical() {
    check(&[
        (
            "policy-impact",
            "An AUC of 0.97 on a curated benchmark tells us little about live uploads.",
            NotPulled,
        ),
        (
            "policy-impact",
            "An AUC of 0.97 on a curated benchmark shows the detector is ready.",
            Pulled,
        ),
    ]);
}

#[test]
fn an_appeal_offered_as_the_remedy_is_no_cost_of_error() {
    check(&[
        (
            "policy-impact",
            "Some real clips will be removed by mistake, but creators can always appeal.",
            Misses("cost_of_error"),
        ),
        (
            "policy-impact",
            "If a false positive happens the uploader is free to appeal later.",
            Misses("cost_of_error"),
        ),
        (
            "policy-impact",
            "Every false positive costs us an appeal and 12 minutes of review.",
            Earns("cost_of_error"),
        ),
    ]);
}

#[test]
fn recall_raised_with_no_stop_is_maximize_recall() {
    check(&[
        (
            "policy-impact",
            "Lower the threshold so recall goes as high as the model allows.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "Reviewers can absorb whatever false positives that creates.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "When unsure we should err on the side of removing the clip.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "Tune it until recall sits above 99 % on the election set.",
            Penalized("maximize_recall"),
        ),
        (
            "policy-impact",
            "Recall above 99 % is fine only while the false-positive rate stays under 0.2 %.",
            Spared("maximize_recall"),
        ),
    ]);
}

#[test]
fn a_count_of_fakes_with_its_rate_after_what_is_counted_is_a_metric() {
    check(&[
        (
            "policy-impact",
            "Right now there are about 50,000 views of fakes a day.",
            Earns("metric"),
        ),
        (
            "policy-impact",
            "We get 300 appeals from creators per week.",
            Earns("metric"),
        ),
    ]);
}

#[test]
fn a_share_of_traffic_is_a_rollout_not_a_metric() {
    check(&[(
        "policy-impact",
        "The detector went to 100 % of traffic for all uploads within the week.",
        Misses("metric"),
    )]);
}

#[test]
fn reviewers_are_a_lever_when_work_is_sent_to_them() {
    check(&[
        (
            "policy-impact",
            "Moderators carry a heavy emotional load and their wellbeing matters.",
            Misses("lever"),
        ),
        (
            "policy-impact",
            "Uncertain clips are routed to moderators in the voice team.",
            Earns("lever"),
        ),
        (
            "policy-impact",
            "We put the new detector into production last spring.",
            Earns("lever"),
        ),
    ]);
}

#[test]
fn a_penalty_in_the_training_objective_is_no_cost_of_error() {
    check(&[
        (
            "governance-lens",
            "Add a fairness penalty term so false-positive rates match across groups.",
            Misses("cost_of_error"),
        ),
        (
            "governance-lens",
            "Each false positive carries a penalty of one lost creator week.",
            Earns("cost_of_error"),
        ),
    ]);
}

#[test]
fn a_detector_and_a_reviewer_in_plain_words_are_levers() {
    check(&[
        (
            "mlo-triad",
            "A computer program looks at every new upload for a swapped face.",
            Earns("lever"),
        ),
        (
            "mlo-triad",
            "Anything it is unsure about goes to a trained person who looks at it first.",
            Earns("lever"),
        ),
        (
            "mlo-triad",
            "A computer program can never understand satire.",
            Misses("lever"),
        ),
    ]);
}
