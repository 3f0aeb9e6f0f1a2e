// Who a principal is, guessed from AWS's and ECS's naming conventions, and said to be a guess.
import t from 'tap';
import { guessRole } from '../../src/diagnose/role.js';

const ROLE = 'arn:aws:sts::123456789012:assumed-role/app-task-role/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';

t.test('role guesses say what the principal looks like', async (t) => {
  t.match(guessRole('arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b'), {
    what: /looks like the ECS task execution role \(a guess/,
    advice: /taskRoleArn/,
  });
  t.match(guessRole('arn:aws:sts::123456789012:assumed-role/my-ec2-role/i-0123456789abcdef0'), {
    what: /EC2 instance role my-ec2-role/,
    advice: /AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/,
  });
  t.match(guessRole(ROLE), { what: 'ECS task role app-task-role (task 9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b)', advice: undefined });
  t.equal(guessRole(undefined), undefined);
});
