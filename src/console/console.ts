/**
 * The owner console's bundle (dist/console.js, served at /admin/console.js; not part of soleus.js): defines the shell
 * and every console screen. Each screen's engineer adds one import and one define line here.
 */
import { defineElement } from '../core/define.js';
import { SoleusConsole } from './app.js';
import { SoleusConsoleAccount } from './screens/account.js';
import { SoleusConsoleAgenda } from './screens/agenda.js';
import { SoleusConsoleComments } from './screens/comments.js';
import { SoleusConsoleEmbed } from './screens/embed.js';
import { SoleusConsoleInsights } from './screens/insights.js';
import { SoleusConsolePlan } from './screens/plan.js';
import { SoleusConsolePreviews } from './screens/previews.js';
import { SoleusConsoleSchedule } from './screens/schedule.js';
import { SoleusConsoleServices } from './screens/services.js';
import { SoleusConsoleSignIn } from './screens/sign-in.js';
import { SoleusConsoleSubscribers } from './screens/subscribers.js';
import { SoleusConsoleTimeOff } from './screens/time-off.js';

defineElement('soleus-console-sign-in', SoleusConsoleSignIn);
defineElement('soleus-console-account', SoleusConsoleAccount);
defineElement('soleus-console-agenda', SoleusConsoleAgenda);
defineElement('soleus-console-time-off', SoleusConsoleTimeOff);
defineElement('soleus-console-services', SoleusConsoleServices);
defineElement('soleus-console-schedule', SoleusConsoleSchedule);
defineElement('soleus-console-plan', SoleusConsolePlan);
defineElement('soleus-console-subscribers', SoleusConsoleSubscribers);
defineElement('soleus-console-previews', SoleusConsolePreviews);
defineElement('soleus-console-comments', SoleusConsoleComments);
defineElement('soleus-console-embed', SoleusConsoleEmbed);
defineElement('soleus-console-insights', SoleusConsoleInsights);
defineElement('soleus-console', SoleusConsole);

declare global {
  interface HTMLElementTagNameMap {
    'soleus-console': SoleusConsole;
    'soleus-console-sign-in': SoleusConsoleSignIn;
    'soleus-console-account': SoleusConsoleAccount;
    'soleus-console-agenda': SoleusConsoleAgenda;
    'soleus-console-time-off': SoleusConsoleTimeOff;
    'soleus-console-services': SoleusConsoleServices;
    'soleus-console-schedule': SoleusConsoleSchedule;
    'soleus-console-plan': SoleusConsolePlan;
    'soleus-console-subscribers': SoleusConsoleSubscribers;
    'soleus-console-previews': SoleusConsolePreviews;
    'soleus-console-comments': SoleusConsoleComments;
    'soleus-console-embed': SoleusConsoleEmbed;
    'soleus-console-insights': SoleusConsoleInsights;
  }
}
