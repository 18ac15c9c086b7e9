-- 0055's previous move and completion for the rows already stored (the benchmark's loader runs it again after COPY):
-- per person and deal, the moves in seq order; per executor and task, the completions in seq order.
UPDATE sales.deal_stages s SET prev_move_at = p.prev
FROM (
    SELECT deal_id, seq, lag(entered_at) OVER (PARTITION BY deal_id, by_user ORDER BY seq) AS prev
    FROM sales.deal_stages WHERE by_user IS NOT NULL AND seq > 1
) p
WHERE s.deal_id = p.deal_id AND s.seq = p.seq AND p.prev IS NOT NULL AND s.prev_move_at IS DISTINCT FROM p.prev;
UPDATE sales.task_history h SET prev_done_at = p.prev
FROM (
    SELECT task_id, seq, lag(at) OVER (PARTITION BY task_id, executor_id ORDER BY seq) AS prev
    FROM sales.task_history WHERE action = 'Done'
) p
WHERE h.task_id = p.task_id AND h.seq = p.seq AND p.prev IS NOT NULL AND h.prev_done_at IS DISTINCT FROM p.prev;
-- The months are built by the product at its start, in the company's zone (0055).
DELETE FROM sales.activity_months_zone;
