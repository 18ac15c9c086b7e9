-- 0055's previous move and completion for the rows already stored: as the PostgreSQL migration.
UPDATE sales_deal_stages SET prev_move_at = p.prev
FROM (
    SELECT deal_id, seq, lag(entered_at) OVER (PARTITION BY deal_id, by_user ORDER BY seq) AS prev
    FROM sales_deal_stages WHERE by_user IS NOT NULL AND seq > 1
) p
WHERE sales_deal_stages.deal_id = p.deal_id AND sales_deal_stages.seq = p.seq AND p.prev IS NOT NULL;
UPDATE sales_task_history SET prev_done_at = p.prev
FROM (
    SELECT task_id, seq, lag(at) OVER (PARTITION BY task_id, executor_id ORDER BY seq) AS prev
    FROM sales_task_history WHERE action = 'Done'
) p
WHERE sales_task_history.task_id = p.task_id AND sales_task_history.seq = p.seq AND p.prev IS NOT NULL;
DELETE FROM sales_activity_months_zone;
