namespace OrleansRecsys.Cli;

/// <summary>The usage text printed by <c>recsysctl help</c>, with no arguments, and after a usage error.</summary>
internal static class Usage
{
    public const string Text = """
        usage: recsysctl [--endpoint URL] [--ca-file PEM] [--token TOKEN | --token-file PATH] [--json] COMMAND ...

        rollout get MODEL                     show the rollout plan
        rollout set MODEL --canary V|none --percent P --reason TEXT
                    [--shadow V1,V2|none] [--revision N]
                    [--min-requests N] [--max-error-delta D] [--max-fallback-delta D]
                    [--max-score-time-ratio R] [--max-score-time-delta-us U]
        rollout promote MODEL --reason TEXT [--revision N]
                                              the canary becomes stable
        rollout rollback MODEL --reason TEXT [--revision N]
                                              the canary is removed
                    (without --revision: the plan as it is now, named on stderr)
        rollout history MODEL                 changes, newest first
        retraining show MODEL                 the autopilot: policy (and where it comes from), run in progress,
                                              last run, last success and failure
        retraining set MODEL --reason TEXT [--enabled true|false] [--schedule S] [--drift-psi X] [--drift-for S]
                    [--performance-drop X] [--performance-window S] [--performance-recent S] [--min-impressions N]
                    [--training-window S] [--holdout S] [--min-holdout-cases N] [--gate-margin X]
                    [--canary-percent P] [--soak S] [--harm-margin X] [--cooldown S]
                                              change the policy's fields given (seconds; 0 turns a trigger off)
        retraining runs MODEL                 runs, newest first, with their step and outcome
        retraining trigger MODEL --reason TEXT
                                              start a run now (one at a time)
        rollout arms set MODEL V=W... --reason TEXT [--shadow V1,V2|none] [--revision N]
                                              arms in bucket order, W in basis points (v2=2000) or
                                              percent (v2=20%); none ends the experiment
        rollout arms promote MODEL VERSION --reason TEXT [--revision N]
                                              the arm becomes stable, every other arm ends
        rollout arms remove MODEL VERSION --reason TEXT [--revision N]
                                              the arm ends; the others keep their weights
        models list                           registered models and versions
        models show MODEL VERSION             one version with its manifest
        models register MODEL --dir DIR       upload DIR/model.onnx and DIR/manifest.json
        models retire MODEL VERSION           retire a version not in the rollout plan
        features user|item ID                 live features of a user or an item
        features backfill start [--version N] [--from ISO] [--to ISO] [--wait]
                                              replay the interaction log into the live grains for the
                                              features catalogue version N added (default: the running one)
        features backfill status ID           a backfill's progress and completion status
        features backfill list                backfills, newest first
        catalogue show                        the grid's catalogue version and the version each silo serves
        catalogue apply FILE [--wait]         propose FILE as the next catalogue version (every silo adopts
                                              it; --wait returns once they all serve it)
        rank USER ITEM... [--k N] [--model M] [--explain]
                                              rank candidate items for a user; --explain adds
                                              each item's top feature contributions
        recommendations USER [--k N] [--model M] [--max-age SECONDS] [--category C]
                                              precomputed when fresh, else online or popular (says which);
                                              --category: the popular list a user without history gets
        batch run [--model M] [--k N] [--segment all|active-24h|active-7d] [--wait]
                                              precompute top-k for a segment's users with the stable version;
                                              --wait prints progress on stderr until the run ends
        batch status RUN_ID                   a run's state and progress
        batch list [--model M]                a model's runs, newest first
        token [--sub NAME] [--roles R1,R2] [--days N] [--key-file PATH] [--key-id ID] [--out FILE]
                                              mint a token (default role recsys.admin, 7 days,
                                              the most allowed); --out writes an owner-only file
        train --out DIR [--version v2] [--model ranker] [--sessions 3000]
              [--algorithm fasttree|logistic] [--seed N] [--catalog PATH]
              [--rate 200] [--users 2000] [--items 500] [--shift none|price|cohort|category]
                                              train the demo ranker on the simulator's traffic, write
                                              model.onnx + manifest.json (seed: from the version name)
        simulate [--events N] [--rate R] [--batch B] [--seed N] [--users 2000] [--items 500]
                 [--shift none|price|cohort|category]
                                              post the demo shop's sessions to /v1/events and their
                                              items to /v1/items (rate 0: unpaced); --shift price
                                              raises every item's price until the run ends
        report MODEL                          per variant: latency, errors, fallbacks, CTR with 95% CI, drift
        export-training --kafka HOST:PORT --out FILE [--since ISO] [--window 30m] [--model M]
                        [--users U1,U2] [--include-pinned]
                        [--kafka-config FILE]  logged vectors joined with outcomes (JSON lines), each row marked
                                              shown/position; --since defaults to when the model's current
                                              plan revision was set (read from the grid); pinned calls left
                                              out unless asked; FILE holds
                                              librdkafka key=value settings (TLS, SASL), default $RECSYS_KAFKA_CONFIG
        train --data FILE --out DIR --version V  train on exported or backfilled rows instead of the synthetic world
                                              (exit 2 when a split holds one label; nothing is written)
        simulate --out FILE [--events N] [--users N] [--items N] [--seed N] [--days-ago 30]
                                              write the synthetic shop's history as an events file
        backfill (--events FILE | --kafka HOST:PORT [--topic T1,T2] [--from ISO] [--to ISO] [--kafka-config FILE])
                 --out FILE [--features A,B | --manifest FILE] [--catalog PATH]
                 [--negatives impressions|sampled] [--negatives-per-positive 4] [--window 30m]
                 [--weights click=1,add_to_cart=2,purchase=4] [--since ISO] [--until ISO] [--seed N]
                                              point-in-time training rows from an interaction log
                                              (a file, or Kafka topics' events in a time range)
        evaluate --data EVENTS --versions v1=DIR,v2=DIR | --versions v1,v2 --models-dir DIR
                 [--model M] [--baseline popularity] [--k 10] [--negatives 99]
                 [--test-from ISO | --test-fraction 0.2] [--plot FILE.svg] [--seed N] [--catalog PATH]
                                              HR@K, NDCG@K, AUC on held-out history, 95% intervals,
                                              paired differences against the first version
                 [--recommend [--exclude-seen click,add_to_cart,purchase]]
                                              instead: recommend's HR@K (the grid's candidates ranked by
                                              the first version) against the K most popular items
        dev kafka [--brokers N]               a standalone mock Kafka broker for local clusters
        help                                  this text

        --endpoint  default $RECSYS_ENDPOINT, else http://127.0.0.1:5080
        --ca-file   default $RECSYS_CA_FILE: PEM certificate authority an https:// grid's certificate
                    must chain to (a private CA); without it the system's roots are trusted
        --token     default: --token-file, else $RECSYS_TOKEN, else .recsys/dev-token in the nearest
                    .recsys/ directory at or above the current one
        --json      print the raw JSON response instead of tables
        exit codes: 0 ok, 1 error (HTTP problem or failure), 2 usage error
        """;
}
